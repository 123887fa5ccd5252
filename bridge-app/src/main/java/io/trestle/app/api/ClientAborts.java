package io.trestle.app.api;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import org.springframework.web.util.DisconnectedClientHelper;
import reactor.netty.channel.AbortedException;

/** Recognises the errors of a client that closed its connection before its response was sent. */
final class ClientAborts {

  private ClientAborts() {}

  /**
   * Whether {@code ex} or one of its causes says the peer went away: Reactor Netty's {@link
   * AbortedException}, a closed channel, an I/O error "connection reset by peer" or "broken pipe"
   * (as the epoll transport words them), or what Spring's {@link DisconnectedClientHelper}
   * recognises.
   */
  static boolean isAbort(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof AbortedException || t instanceof ClosedChannelException) {
        return true;
      }
      if (t instanceof IOException && t.getMessage() != null) {
        String m = t.getMessage().toLowerCase(Locale.ROOT);
        if (m.contains("connection reset by peer") || m.contains("broken pipe")) {
          return true;
        }
      }
    }
    return DisconnectedClientHelper.isClientDisconnectedException(ex);
  }
}
