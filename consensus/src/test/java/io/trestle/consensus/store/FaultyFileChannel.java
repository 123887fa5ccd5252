package io.trestle.consensus.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link FileChannel} that simulates a crash at the k-th mutating call (write or force, counted
 * across every channel sharing {@code counter}): a failing write first writes a prefix of its
 * buffer (a torn write, {@code tornBytes} of it), then it and every later mutating call throw.
 */
public final class FaultyFileChannel extends FileChannel {
  private final FileChannel delegate;
  private final AtomicInteger counter;
  private final int failAt;
  private final int tornBytes;
  private boolean crashed;

  public FaultyFileChannel(FileChannel delegate, AtomicInteger counter, int failAt, int tornBytes) {
    this.delegate = delegate;
    this.counter = counter;
    this.failAt = failAt;
    this.tornBytes = tornBytes;
  }

  private boolean fails() {
    if (crashed) {
      return true;
    }
    if (counter.incrementAndGet() == failAt) {
      crashed = true;
    }
    return crashed;
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    if (fails()) {
      int n = Math.min(tornBytes, src.remaining());
      if (n > 0 && counter.get() == failAt) {
        ByteBuffer part = src.duplicate();
        part.limit(part.position() + n);
        delegate.write(part, position);
      }
      throw new IOException("injected crash at mutating call " + failAt);
    }
    return delegate.write(src, position);
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    return write(src, delegate.position());
  }

  @Override
  public void force(boolean metaData) throws IOException {
    if (fails()) {
      throw new IOException("injected fsync failure at mutating call " + failAt);
    }
    delegate.force(metaData);
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    if (fails()) {
      throw new IOException("injected crash at mutating call " + failAt);
    }
    delegate.truncate(size);
    return this;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return delegate.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return delegate.read(dsts, offset, length);
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    throw new UnsupportedOperationException("gathering writes are not used by the logs");
  }

  @Override
  public long position() throws IOException {
    return delegate.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    delegate.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return delegate.size();
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) {
    throw new UnsupportedOperationException();
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    return delegate.read(dst, position);
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) {
    throw new UnsupportedOperationException();
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) {
    throw new UnsupportedOperationException();
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) {
    throw new UnsupportedOperationException();
  }

  @Override
  protected void implCloseChannel() throws IOException {
    delegate.close();
  }
}
