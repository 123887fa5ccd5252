package io.trestle.db;

import io.trestle.db.model.AuditEntry;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;
import reactor.core.publisher.Flux;

/** The admin audit log (Spring Data R2DBC); rows are only ever inserted. */
public interface AuditLogRepository extends ReactiveCrudRepository<AuditEntry, Long> {

  /** Entries about {@code target}, newest first. */
  Flux<AuditEntry> findByTargetOrderByIdDesc(String target);
}
