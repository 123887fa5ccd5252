/**
 * The runtime the generated clients call: {@link io.trestle.sdk.http.ApiTransport} (JDK {@code
 * HttpClient}, protobuf binary), {@link io.trestle.sdk.http.EventStream} (Server-Sent Events of
 * protobuf messages) and the typed failures.
 */
package io.trestle.sdk.http;
