-- 100,000 OBSERVED messages (ids = md5(i) || md5(-i)) for the GET-by-id load test, and 2,000
-- FAILED ones (ids from md5('f'||i)) that the SSE harness turns into status changes by admin retry.
insert into messages (id, source_chain_id, source_gateway, nonce, sender, dest_chain_id, recipient, payload, status)
select decode(md5(i::text) || md5((-i)::text), 'hex'), 31337, decode(substr(md5('g') || md5('h'), 1, 40), 'hex'), i,
       decode(substr(md5('s' || (i % 1000)) || md5('t'), 1, 40), 'hex'), 31338,
       decode(substr(md5('r') || md5('q'), 1, 40), 'hex'), decode(md5('p' || i), 'hex'), 'OBSERVED'
from generate_series(1, 100000) as i;
insert into messages (id, source_chain_id, source_gateway, nonce, sender, dest_chain_id, recipient, payload, status, status_reason)
select decode(md5('f' || i) || md5('F' || i), 'hex'), 31337, decode(substr(md5('g') || md5('h'), 1, 40), 'hex'), 1000000 + i,
       decode(substr(md5('x') || md5('y'), 1, 40), 'hex'), 31338,
       decode(substr(md5('r') || md5('q'), 1, 40), 'hex'), '\x00', 'FAILED', 'seeded'
from generate_series(1, 2000) as i;
-- Each message has the OBSERVED history entry the ledger writes with it (GET by id returns it).
insert into message_status_history (message_id, status)
select id, 'OBSERVED' from messages order by seq;
analyze messages;
analyze message_status_history;
