package io.trestle.relayer.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * {@link ChainRpc} over one HTTP JSON-RPC endpoint with web3j. Errors are classified into {@link
 * RpcException.Kind}s: I/O and HTTP failures are TRANSIENT (429 and rate-limit answers
 * RATE_LIMITED), JSON-RPC error answers REJECTED. Thread-safe; {@link #close()} releases the HTTP
 * client.
 */
public final class Web3jChainRpc implements ChainRpc, AutoCloseable {
  private final String url;
  private final Web3j web3j;
  private final HttpService service;

  /**
   * @param url http(s) endpoint; @param timeout per-call connect/read timeout
   */
  public Web3jChainRpc(String url, Duration timeout) {
    this.url = url;
    OkHttpClient http =
        new OkHttpClient.Builder()
            .connectTimeout(timeout)
            .readTimeout(timeout)
            .writeTimeout(timeout)
            .retryOnConnectionFailure(false)
            // Node's HTTP server (hardhat) closes a keep-alive connection idle for 5 s; reusing
            // one it just closed fails with "unexpected end of stream". Keep idle ones 2 s only.
            .connectionPool(new okhttp3.ConnectionPool(4, 2, java.util.concurrent.TimeUnit.SECONDS))
            .build();
    this.service = new HttpService(url, http);
    this.web3j = Web3j.build(service);
  }

  /** The endpoint URL. */
  public String url() {
    return url;
  }

  @Override
  public long chainId() {
    return send("eth_chainId", web3j.ethChainId()).getChainId().longValueExact();
  }

  @Override
  public long blockNumber() {
    return send("eth_blockNumber", web3j.ethBlockNumber()).getBlockNumber().longValueExact();
  }

  @Override
  public BlockHeader header(long number) {
    EthBlock.Block b =
        send(
                "eth_getBlockByNumber",
                web3j.ethGetBlockByNumber(
                    DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false))
            .getBlock();
    if (b == null) {
      throw new RpcException(RpcException.Kind.REJECTED, url + ": no block " + number);
    }
    return new BlockHeader(number, lower(b.getHash()), lower(b.getParentHash()));
  }

  @Override
  public List<LogEntry> logs(long from, long to, String address, String topic0) {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
            DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
            address);
    filter.addSingleTopic(topic0);
    List<LogEntry> out = new ArrayList<>();
    for (EthLog.LogResult<?> r : send("eth_getLogs", web3j.ethGetLogs(filter)).getLogs()) {
      if (r.get() instanceof Log log) {
        out.add(toEntry(log));
      }
    }
    return out;
  }

  @Override
  public byte[] call(String to, byte[] data) {
    var result =
        send(
            "eth_call",
            web3j.ethCall(
                Transaction.createEthCallTransaction(null, to, Numeric.toHexString(data)),
                DefaultBlockParameterName.LATEST));
    return Numeric.hexStringToByteArray(result.getValue());
  }

  @Override
  public long pendingNonce(String address) {
    return send(
            "eth_getTransactionCount",
            web3j.ethGetTransactionCount(address, DefaultBlockParameterName.PENDING))
        .getTransactionCount()
        .longValueExact();
  }

  @Override
  public BigInteger baseFee() {
    EthBlock.Block b =
        send(
                "eth_getBlockByNumber",
                web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false))
            .getBlock();
    return b == null || b.getBaseFeePerGasRaw() == null ? BigInteger.ZERO : b.getBaseFeePerGas();
  }

  @Override
  public BigInteger priorityFee() {
    return send("eth_maxPriorityFeePerGas", web3j.ethMaxPriorityFeePerGas())
        .getMaxPriorityFeePerGas();
  }

  @Override
  public long estimateGas(String from, String to, byte[] data) {
    return send(
            "eth_estimateGas",
            web3j.ethEstimateGas(
                Transaction.createEthCallTransaction(from, to, Numeric.toHexString(data))))
        .getAmountUsed()
        .longValueExact();
  }

  @Override
  public String sendRawTransaction(byte[] signed) {
    return lower(
        send("eth_sendRawTransaction", web3j.ethSendRawTransaction(Numeric.toHexString(signed)))
            .getTransactionHash());
  }

  @Override
  public Optional<Receipt> receipt(String txHash) {
    Optional<TransactionReceipt> r =
        send("eth_getTransactionReceipt", web3j.ethGetTransactionReceipt(txHash))
            .getTransactionReceipt();
    return r.map(
        t ->
            new Receipt(
                lower(t.getTransactionHash()),
                t.getBlockNumber().longValueExact(),
                t.isStatusOK(),
                t.getGasUsed().longValueExact(),
                t.getLogs().stream().map(Web3jChainRpc::toEntry).toList(),
                lower(t.getContractAddress())));
  }

  /**
   * Sends a JSON-RPC request by method name and returns its result as a string (a quantity, a hash,
   * {@code "true"}), or null; for node-specific methods such as evm_mine and evm_snapshot.
   */
  public String raw(String method, List<?> params) {
    Object result =
        send(method, new Request<>(method, params, service, RawResponse.class)).getResult();
    return result == null ? null : result.toString();
  }

  /** A response whose result is kept as whatever JSON value it is. */
  public static final class RawResponse extends Response<Object> {}

  private <R extends Response<?>> R send(String what, Request<?, R> request) {
    R response;
    try {
      response = request.send();
    } catch (ClientConnectionException e) {
      boolean limited = e.getMessage() != null && e.getMessage().contains("429");
      throw new RpcException(
          limited ? RpcException.Kind.RATE_LIMITED : RpcException.Kind.TRANSIENT,
          url + " " + what + ": " + e.getMessage(),
          e);
    } catch (IOException | RuntimeException e) {
      throw new RpcException(RpcException.Kind.TRANSIENT, url + " " + what + ": " + e, e);
    }
    if (response.hasError()) {
      Response.Error err = response.getError();
      String msg = err.getMessage() == null ? "" : err.getMessage();
      boolean limited =
          err.getCode() == -32005 || msg.toLowerCase(Locale.ROOT).contains("rate limit");
      throw new RpcException(
          limited ? RpcException.Kind.RATE_LIMITED : RpcException.Kind.REJECTED,
          url
              + " "
              + what
              + ": "
              + err.getCode()
              + " "
              + msg
              + (err.getData() == null ? "" : " " + err.getData()));
    }
    return response;
  }

  static LogEntry toEntry(Log log) {
    return new LogEntry(
        log.getBlockNumber().longValueExact(),
        lower(log.getBlockHash()),
        lower(log.getTransactionHash()),
        log.getLogIndex().intValueExact(),
        lower(log.getAddress()),
        log.getTopics().stream().map(Web3jChainRpc::lower).toList(),
        log.getData(),
        log.isRemoved());
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  @Override
  public void close() {
    web3j.shutdown();
  }
}
