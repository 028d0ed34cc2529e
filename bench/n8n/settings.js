// @ts-check
/** What the n8n bench measures and how much: sizes from BENCH_* variables (bench/n8n.js lists them), fixed inputs. */
'use strict';

const int = (/** @type {string} */ name, /** @type {number} */ fallback) => Number(process.env[name] ?? fallback);
const TRIGGER_REQUESTS = int('BENCH_TRIGGER_REQUESTS', 2000);
const TRIGGER_CONCURRENCY = int('BENCH_TRIGGER_CONCURRENCY', 20);
const N = int('BENCH_N8N_MESSAGES', 1000);
const REPEAT = int('BENCH_N8N_REPEAT', 2);
// 1 Chatwork second = 30 ms: the 900 s minimum of 1,000 posts lasts 27 s.
const TIME_SCALE = int('BENCH_N8N_TIME_SCALE', 0.03);
// Limits off: the node still keeps 10 posts / 10 s per room by itself; at 1 Chatwork s = 1 ms that
// costs 90 ms for 100 posts per room, so the row measures the work per item, not the pacing.
const FAST_TIME_SCALE = int('BENCH_N8N_FAST_TIME_SCALE', 0.001);
const TEMPLATE_ITEMS = int('BENCH_TEMPLATE_ITEMS', 100_000);
const MEMORY_ITEMS = int('BENCH_MEMORY_ITEMS', 10_000);
const ROOM_COUNT = 10;
const CW_TRIGGER_REQUESTS = int('BENCH_CW_TRIGGER_REQUESTS', 500);
const CW_TRIGGER_PACED = int('BENCH_CW_TRIGGER_PACED', 200);
/** The Chatwork Trigger's webhook token (base64 of 32 bytes, as Chatwork shows one) and a forger's. */
const CW_WEBHOOK_TOKEN = Buffer.alloc(32, 5).toString('base64');
const CW_FORGER_TOKEN = Buffer.alloc(32, 6).toString('base64');
const ROWS = new Set((process.env.BENCH_N8N_ROWS ?? '1,2,3,5,6,8').split(',').map((row) => row.trim()));
if (process.env.BENCH_N8N_QUEUE === '1') ROWS.add('7');
const QUEUE_EXECUTIONS = 10;
const PROBE_MS = 50;
const TOKEN = 'bench-n8n-token-4d1c9a07e2';
const SEED_TEMPLATE =
	'●●セミナーのお申込みフォームから{{company}}の {{name}}様の登録がありました。SATORIのカスタマー詳細ページは{{customer_detail_url}}です。';
/** The same message as an n8n expression, the way the seed's HTTP Request recipe builds the body. */
const SEED_EXPRESSION =
	'=●●セミナーのお申込みフォームから{{ $json.company }}の {{ $json.name }}様の登録がありました。SATORIのカスタマー詳細ページは{{ $json.customer_detail_url }}です。';
const rooms = Array.from({ length: ROOM_COUNT }, (_, index) => ({ room_id: 5001 + index, name: `Room ${index + 1}` }));

const LATENCY_ROUNDS = int('BENCH_LATENCY_ROUNDS', 50);
const LATENCY_WARMUP = int('BENCH_LATENCY_WARMUP', 5);
// Leads arrive seconds apart in real life: each one is measured on an n8n that has finished the last.
const LATENCY_GAP_MS = int('BENCH_LATENCY_GAP_MS', 300);

module.exports = {
	TRIGGER_REQUESTS,
	TRIGGER_CONCURRENCY,
	N,
	REPEAT,
	TIME_SCALE,
	FAST_TIME_SCALE,
	TEMPLATE_ITEMS,
	MEMORY_ITEMS,
	ROOM_COUNT,
	CW_TRIGGER_REQUESTS,
	CW_TRIGGER_PACED,
	CW_WEBHOOK_TOKEN,
	CW_FORGER_TOKEN,
	ROWS,
	QUEUE_EXECUTIONS,
	PROBE_MS,
	TOKEN,
	SEED_TEMPLATE,
	SEED_EXPRESSION,
	rooms,
	LATENCY_ROUNDS,
	LATENCY_WARMUP,
	LATENCY_GAP_MS,
};
