-- Trestle node schema. Byte strings (ids, hashes, addresses) are bytea of their exact length;
-- protobuf blobs (headers, certificates, committees, Merkle paths) are stored as received and are
-- transport encodings only (the canonical, signed encoding is recomputed from them by the verifier).

create table messages (
    -- hash(CrossChainMessage), 32 bytes.
    id              bytea primary key check (octet_length(id) = 32),
    -- Insertion order: the key of the API's cursor pagination (newest first).
    seq             bigint generated always as identity unique,
    source_chain_id bigint not null check (source_chain_id > 0),
    source_gateway  bytea  not null check (octet_length(source_gateway) = 20),
    nonce           bigint not null,
    sender          bytea  not null check (octet_length(sender) = 20),
    dest_chain_id   bigint not null check (dest_chain_id > 0),
    recipient       bytea  not null check (octet_length(recipient) = 20),
    payload         bytea  not null check (octet_length(payload) <= 65536),
    status          text   not null check (status in
                        ('OBSERVED', 'COMMITTED', 'ATTESTED', 'DELIVERED', 'DELAYED', 'FAILED')),
    -- Why the message is FAILED or DELAYED; null otherwise.
    status_reason   text,
    -- Committed block and leaf position; null until COMMITTED.
    block_height    bigint,
    leaf_index      integer,
    -- protobuf trestle.v1.MerklePath of the leaf in its block; null until COMMITTED.
    merkle_path     bytea,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    unique (source_chain_id, source_gateway, nonce),
    check ((block_height is null) = (merkle_path is null))
);
-- GET /v1/messages filters, each walked newest first by seq.
create index messages_source_chain_seq on messages (source_chain_id, seq desc);
create index messages_sender_seq on messages (sender, seq desc);
create index messages_status_seq on messages (status, seq desc);
create index messages_block on messages (block_height, leaf_index) where block_height is not null;

create table message_status_history (
    id         bigint generated always as identity primary key,
    message_id bytea not null references messages (id),
    status     text  not null,
    reason     text,
    at         timestamptz not null default now()
);
create index message_status_history_message on message_status_history (message_id, id);

-- What this relayer saw on source chains (its external-validity evidence).
create table observations (
    id              bigint generated always as identity primary key,
    message_id      bytea  not null references messages (id),
    source_chain_id bigint not null,
    block_number    bigint not null,
    block_hash      bytea  not null check (octet_length(block_hash) = 32),
    tx_hash         bytea  not null check (octet_length(tx_hash) = 32),
    log_index       integer not null,
    confirmations   integer not null,
    observed_at     timestamptz not null,
    unique (source_chain_id, block_hash, log_index)
);
create index observations_message on observations (message_id);

-- Committed blocks with the certificate that proves the commit.
create table blocks (
    height        bigint primary key check (height >= 0),
    block_hash    bytea  not null unique check (octet_length(block_hash) = 32),
    epoch         bigint not null,
    view          bigint not null,
    parent_hash   bytea  not null,
    payload_root  bytea  not null,
    message_count integer not null,
    proposer      integer not null,
    timestamp_ms  bigint not null,
    -- protobuf trestle.v1.BlockHeader and trestle.v1.QuorumCertificate.
    header        bytea  not null,
    commit_qc     bytea  not null,
    committed_at  timestamptz not null default now()
);
alter table messages add constraint messages_block_fk foreign key (block_height) references blocks (height);

-- Committee of each epoch (protobuf trestle.v1.Committee) and the height it takes effect.
create table committees (
    epoch             bigint primary key check (epoch >= 0),
    committee_id      bytea  not null check (octet_length(committee_id) = 32),
    activation_height bigint not null,
    committee         bytea  not null,
    created_at        timestamptz not null default now()
);

-- Delivery attempts on destination chains.
create table deliveries (
    id            bigint generated always as identity primary key,
    message_id    bytea  not null references messages (id),
    dest_chain_id bigint not null,
    state         text   not null check (state in ('PENDING', 'SUBMITTED', 'SUCCEEDED', 'FAILED')),
    attempts      integer not null default 0,
    tx_hash       bytea,
    last_error    text,
    updated_at    timestamptz not null default now()
);
create unique index deliveries_message on deliveries (message_id);
create index deliveries_pending on deliveries (dest_chain_id, id) where state in ('PENDING', 'SUBMITTED');

-- Durable watcher position per source chain, plus the operator's pause switch.
create table chain_cursors (
    chain_id         bigint primary key check (chain_id > 0),
    name             text   not null,
    head             bigint not null default 0,
    confirmed_height bigint not null default 0,
    last_block_hash  bytea,
    paused           boolean not null default false,
    updated_at       timestamptz not null default now()
);

-- Messages the governor holds back (value over the window's limit) until release_at or an admin.
create table governor_queue (
    message_id      bytea primary key references messages (id),
    chain_id        bigint not null,
    token           bytea,
    amount          numeric(78, 0) not null default 0,
    -- Status the message resumes when released.
    resume_status   text   not null,
    release_at      timestamptz not null,
    released_at     timestamptz,
    released_by     text
);
create index governor_queue_due on governor_queue (release_at) where released_at is null;

-- Every admin API call.
create table admin_audit_log (
    id        bigint generated always as identity primary key,
    at        timestamptz not null default now(),
    actor     text not null,
    action    text not null,
    target    text not null,
    outcome   text not null,
    detail    text,
    remote    text
);
create index admin_audit_log_at on admin_audit_log (at desc);
