/**
 * Java client of a Trestle node: {@link io.trestle.sdk.TrestleClient} (status, waiting for
 * delivery, locally verified proofs) over the clients that {@code abi-codegen/sdk-plugin} generates
 * into {@code io.trestle.sdk.api} from {@code proto/src/main/proto/trestle/api/v1}. Depends on the
 * JDK, protobuf-java and the verifier only.
 */
package io.trestle.sdk;
