package io.trestle.db.model;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** One admin API call: who, what, on what, and how it ended. {@code id} is null until saved. */
@Table("admin_audit_log")
public record AuditEntry(
    @Id Long id,
    Instant at,
    String actor,
    String action,
    String target,
    String outcome,
    String detail,
    String remote) {}
