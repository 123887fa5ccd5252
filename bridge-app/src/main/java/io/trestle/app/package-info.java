/**
 * The Trestle node as a Spring Boot WebFlux application: configuration ({@code config}), ports the
 * consensus and relayer adapters implement ({@code ports}), services ({@code service}), the public
 * REST/SSE API ({@code api}), the admin API ({@code admin}) and health/metrics ({@code health}).
 */
package io.trestle.app;
