package io.trestle.sdk.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemJsonTest {

  @Test
  void readsTopLevelMembersOfAProblemDocument() {
    Map<String, String> p =
        ProblemJson.members(
            "{ \"type\" : \"https://trestle.dev/problems/invalid-cursor\", \"title\":\"Invalid"
                + " cursor\",\"status\":400,\"detail\":\"cursor \\\"!!\\\" is not \\u00e9\\n\","
                + "\"extra\":{\"a\":[1,{\"b\":\"}\"}]},\"ok\":true,\"none\":null}");
    assertEquals("https://trestle.dev/problems/invalid-cursor", p.get("type"));
    assertEquals("Invalid cursor", p.get("title"));
    assertEquals("400", p.get("status"));
    assertEquals("cursor \"!!\" is not é\n", p.get("detail"));
    assertEquals("{\"a\":[1,{\"b\":\"}\"}]}", p.get("extra"));
    assertEquals("true", p.get("ok"));
    assertEquals("null", p.get("none"));
  }

  @Test
  void anythingElseIsAnEmptyMap() {
    for (String bad :
        new String[] {"", "[]", "<html>", "{\"type\":", "{\"a\" 1}", "{\"a\":1,", "\"x\"", "{"}) {
      assertEquals(Map.of(), ProblemJson.members(bad), bad);
    }
    assertEquals(Map.of(), ProblemJson.members("{}"));
  }
}
