/**
 * protoc plugin that generates a JDK HTTP client per service bound with {@code
 * (trestle.api.v1.http)}: {@link io.trestle.abi.sdkgen.Main} (protocol), {@link
 * io.trestle.abi.sdkgen.SdkGenerator} (request to files), {@link io.trestle.abi.sdkgen.HttpBinding}
 * (rules and their {@code file:line} errors), {@link io.trestle.abi.sdkgen.ClientGenerator}
 * (JavaPoet).
 */
package io.trestle.abi.sdkgen;
