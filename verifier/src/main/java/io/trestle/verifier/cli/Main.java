package io.trestle.verifier.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code trestle-verify}: the offline verifier's command line. Commands and formats are described
 * by {@link #USAGE} and verifier/README.md; they are a stable interface.
 *
 * <p>Exit codes: 0 valid / done, 1 invalid (one line on standard output says why), 2 bad input or
 * usage (one line on standard error). No input makes it print a stack trace.
 */
public final class Main {
  static final int EXIT_VALID = 0;
  static final int EXIT_INVALID = 1;
  static final int EXIT_BAD_INPUT = 2;

  static final String USAGE =
      """
      usage: trestle-verify <command> [options]

      commands:
        proof <file> --committee <file>
            Verify a message proof (ABI encoding of MessageProof, binary or hex text) against the
            committee of its epoch (JSON, or ABI encoding of Committee, binary or hex text).
            Exit 0 valid, 1 invalid (one line says why), 2 bad input.
        ed25519 verify --pk HEX --msg HEX --sig HEX
            Verify one Ed25519 signature. Prints ok or invalid; exit 0 valid, 1 invalid, 2 bad input.
        ed25519 batch
            Read lines 'pk msg sig' (hex; msg '-' for empty) from standard input; print ok or
            invalid per line, then 'batch ok' or 'batch invalid'. Exit 0 all valid, 1 otherwise.
        keygen --out <file>
            Write a new Ed25519 private key (PKCS#8 DER, permissions rw-------) and print the
            public key in hex.
        --help
            Print this text.
      """;

  private Main() {}

  /**
   * Runs the command and ends the JVM with its exit code. {@code run} has flushed both streams and
   * the CLI registers no shutdown hook, so it halts: {@code System.exit} would first initialise the
   * JDK's {@code System.Logger} machinery (it logs every exit at debug level), about 120 classes
   * for a one-shot process.
   */
  public static void main(String[] args) {
    int code = run(args, System.in, System.out, System.err);
    Runtime.getRuntime().halt(code);
  }

  /**
   * Runs one command. Never throws: bad input of any kind returns {@code 2} with one line on {@code
   * err}.
   */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    try {
      return dispatch(Arrays.asList(args), in, out);
    } catch (BadInputException e) {
      err.println("trestle-verify: " + e.getMessage());
      return EXIT_BAD_INPUT;
    } catch (RuntimeException | OutOfMemoryError e) {
      // A bug or a resource limit, not a verdict: report it on one line, never as a trace.
      err.println("trestle-verify: internal error: " + e);
      return EXIT_BAD_INPUT;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private static int dispatch(List<String> args, InputStream in, PrintStream out)
      throws BadInputException {
    if (args.isEmpty()) {
      throw new BadInputException("no command; see trestle-verify --help");
    }
    List<String> rest = args.subList(1, args.size());
    return switch (args.getFirst()) {
      case "--help", "-h", "help" -> {
        out.print(USAGE);
        yield EXIT_VALID;
      }
      case "proof" -> ProofCommand.run(rest, out);
      case "keygen" -> Ed25519Commands.keygen(rest, out);
      case "ed25519" -> {
        if (rest.isEmpty()) {
          throw new BadInputException("usage: trestle-verify ed25519 verify|batch ...");
        }
        List<String> opts = rest.subList(1, rest.size());
        yield switch (rest.getFirst()) {
          case "verify" -> Ed25519Commands.verify(opts, out);
          case "batch" -> Ed25519Commands.batch(opts, in, out);
          default -> throw new BadInputException("unknown ed25519 command " + rest.getFirst());
        };
      }
      default -> throw new BadInputException("unknown command " + args.getFirst() + "; see --help");
    };
  }
}
