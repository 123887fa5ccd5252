package io.trestle.app.admin;

import static org.springframework.web.reactive.function.server.RequestPredicates.POST;
import static org.springframework.web.reactive.function.server.RequestPredicates.path;

import io.trestle.app.api.ApiException;
import io.trestle.app.api.ProblemType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** The admin API under {@code /admin/v1} (authenticated by {@link AdminSecurity}). */
@Configuration(proxyBeanMethods = false)
public class AdminRoutes {

  @Bean
  RouterFunction<ServerResponse> adminRouter(AdminHandler admin) {
    return RouterFunctions.route()
        .route(POST("/admin/v1/chains/{chainId}/pause"), admin::pause)
        .route(POST("/admin/v1/chains/{chainId}/unpause"), admin::unpause)
        .route(POST("/admin/v1/messages/{id}/release"), admin::release)
        .route(POST("/admin/v1/messages/{id}/retry"), admin::retry)
        .route(
            path("/admin/v1/**").and(RequestPredicates.method(HttpMethod.POST).negate()),
            request ->
                Mono.error(
                    new ApiException(
                        ProblemType.METHOD_NOT_ALLOWED,
                        request.method() + " is not supported: admin actions are POST")))
        .build();
  }
}
