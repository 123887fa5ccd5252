package io.trestle.abi.codegen;

/**
 * A Solidity ABI type as declared by {@code (trestle.abi.v1.field).type}. Arrays nest at most one
 * level (a protobuf {@code repeated} field carries exactly one).
 */
sealed interface AbiType {
  /** ABI word size in bytes. */
  int WORD = 32;

  /** Canonical type in function signatures and event topics; structs are tuples. */
  String canonical();

  /** Type as written in Solidity source. */
  String solidity();

  /** True when the encoding is referenced by an offset (bytes, string, T[], tuples of those). */
  boolean dynamic();

  /** Bytes in the head of an enclosing tuple: the static size, or one offset word. */
  default int headSize() {
    return dynamic() ? WORD : staticSize();
  }

  /** Encoded size of a static type. */
  int staticSize();

  /** uintN, N = 8..256 step 8. */
  record Uint(int bits) implements AbiType {
    @Override
    public String canonical() {
      return "uint" + bits;
    }

    @Override
    public String solidity() {
      return canonical();
    }

    @Override
    public boolean dynamic() {
      return false;
    }

    @Override
    public int staticSize() {
      return WORD;
    }
  }

  /** intN, N = 8..256 step 8. */
  record Int(int bits) implements AbiType {
    @Override
    public String canonical() {
      return "int" + bits;
    }

    @Override
    public String solidity() {
      return canonical();
    }

    @Override
    public boolean dynamic() {
      return false;
    }

    @Override
    public int staticSize() {
      return WORD;
    }
  }

  /** Static single-word types without parameters beyond their name: bool, address, bytesN. */
  record Word(String name, int byteLength) implements AbiType {
    static final Word BOOL = new Word("bool", 1);
    static final Word ADDRESS = new Word("address", 20);

    static Word fixedBytes(int n) {
      return new Word("bytes" + n, n);
    }

    boolean isFixedBytes() {
      return name.startsWith("bytes");
    }

    @Override
    public String canonical() {
      return name;
    }

    @Override
    public String solidity() {
      return name;
    }

    @Override
    public boolean dynamic() {
      return false;
    }

    @Override
    public int staticSize() {
      return WORD;
    }
  }

  /** {@code bytes} or {@code string}. */
  record Dynamic(boolean isString) implements AbiType {
    @Override
    public String canonical() {
      return isString ? "string" : "bytes";
    }

    @Override
    public String solidity() {
      return canonical();
    }

    @Override
    public boolean dynamic() {
      return true;
    }

    @Override
    public int staticSize() {
      throw new IllegalStateException("dynamic type");
    }
  }

  /** A proto enum carried as uintN (N <= 32). */
  record Enum(EnumModel model, int bits) implements AbiType {
    @Override
    public String canonical() {
      return "uint" + bits;
    }

    /** A Solidity enum (always ABI uint8) only when it encodes identically; else the uintN. */
    @Override
    public String solidity() {
      return bits == 8 && model.contiguous() ? model.name() : canonical();
    }

    @Override
    public boolean dynamic() {
      return false;
    }

    @Override
    public int staticSize() {
      return WORD;
    }
  }

  /** A nested ABI struct (a tuple). */
  record Struct(StructModel model) implements AbiType {
    @Override
    public String canonical() {
      StringBuilder sb = new StringBuilder("(");
      for (FieldModel f : model.fields()) {
        sb.append(sb.length() == 1 ? "" : ",").append(f.type().canonical());
      }
      return sb.append(')').toString();
    }

    @Override
    public String solidity() {
      return model.name();
    }

    @Override
    public boolean dynamic() {
      return model.fields().stream().anyMatch(f -> f.type().dynamic());
    }

    @Override
    public int staticSize() {
      return model.fields().stream().mapToInt(f -> f.type().staticSize()).sum();
    }
  }

  /** {@code T[]} (length -1) or {@code T[k]}. */
  record Array(AbiType element, int length) implements AbiType {
    boolean fixed() {
      return length >= 0;
    }

    @Override
    public String canonical() {
      return element.canonical() + "[" + (fixed() ? length : "") + "]";
    }

    @Override
    public String solidity() {
      return element.solidity() + "[" + (fixed() ? length : "") + "]";
    }

    @Override
    public boolean dynamic() {
      return !fixed() || element.dynamic();
    }

    @Override
    public int staticSize() {
      return length * element.staticSize();
    }
  }
}
