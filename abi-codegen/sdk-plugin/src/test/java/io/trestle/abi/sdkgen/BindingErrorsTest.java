package io.trestle.abi.sdkgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.compiler.PluginProtos.CodeGeneratorResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad HTTP bindings fail protoc with {@code file:line: what is wrong}, all at once, no output. */
class BindingErrorsTest {

  @Test
  void reportsEveryMistakeAtItsLine() {
    CodeGeneratorResponse r =
        Requests.run(Requests.BAD, "bad/http_mistakes.proto"::equals, "package=x.y");
    String f = "bad/http_mistakes.proto:";
    List<String> expected =
        List.of(
            f
                + "24: rpc NoOption: has no (trestle.api.v1.http) option; every rpc of a service"
                + " with HTTP bindings needs one",
            f
                + "25: rpc Empty: (trestle.api.v1.http).get is empty; give the path template, e.g."
                + " \"/v1/things\"",
            f + "26: rpc Relative: path \"v1/x\" must start with /",
            f + "27: rpc Unknown: path parameter {idd} names no field of Ok",
            f
                + "28: rpc Partial: path segment \"x-{id}\" of \"/v1/x-{id}\": a parameter must be"
                + " a whole segment {field_name}",
            f + "29: rpc Twice: path parameter {id} appears twice",
            f
                + "30: rpc Spaces: path segment \"a b\" of \"/v1/a b//c\" must be non-empty and use"
                + " only letters, digits and . _ ~ -",
            f
                + "30: rpc Spaces: path segment \"\" of \"/v1/a b//c\" must be non-empty and use"
                + " only letters, digits and . _ ~ -",
            f + "31: rpc Upload: client streaming cannot be served over HTTP",
            f
                + "32: rpc Query: field tags of Req cannot be a query parameter: repeated fields"
                + " are not supported",
            f
                + "32: rpc Query: field inner of Req cannot be a query parameter: message-typed"
                + " fields are not supported",
            f
                + "32: rpc Query: field raw of Req cannot be a query parameter: bytes fields are"
                + " not supported (use a 0x-hex string)",
            f
                + "32: rpc Query: field ratio of Req cannot be a query parameter: floating-point"
                + " fields are not supported",
            f
                + "33: rpc OptionalPath: path parameter {maybe}: a path parameter is always sent,"
                + " so it must not be optional",
            f
                + "34: rpc EmptyPost: (trestle.api.v1.http).post is empty; give the path template,"
                + " e.g. \"/v1/things\"",
            f
                + "35: rpc WatchPost: a POST cannot be server-streaming (Server-Sent Events are"
                + " served to GETs)",
            f
                + "36: rpc Body: field tags of Req cannot be a body member: repeated fields are"
                + " not supported",
            f
                + "36: rpc Body: field inner of Req cannot be a body member: message-typed fields"
                + " are not supported",
            f
                + "36: rpc Body: field raw of Req cannot be a body member: bytes fields are not"
                + " supported (use a 0x-hex string)",
            f
                + "36: rpc Body: field ratio of Req cannot be a body member: floating-point fields"
                + " are not supported");
    assertEquals(String.join("\n", expected), r.getError());
    assertEquals(0, r.getFileCount());
  }

  @Test
  void unknownParameterIsRefused() {
    CodeGeneratorResponse r =
        Requests.run(Requests.REAL, "trestle/api/v1/ledger.proto"::equals, "pkg=x");
    assertEquals(
        "trestle-sdk-plugin: unknown parameter \"pkg=x\" (expected package=<java package>)",
        r.getError());
  }
}
