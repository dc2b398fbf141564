import { createRequire } from 'node:module';
const require = createRequire(process.cwd() + '/package.json');
const { Kafka, logLevel } = require('kafkajs');
const kafka = new Kafka({ clientId: 'txn', brokers: ['127.0.0.1:9092'], logLevel: logLevel.NOTHING, retry: { initialRetryTime: 1, maxRetryTime: 1000, retries: 15 } });
const topic = `txn-${Date.now()}`; const src = topic + '-src';
const admin = kafka.admin(); await admin.connect();
await admin.createTopics({ topics: [{ topic, numPartitions: 3 }, { topic: src, numPartitions: 3 }], waitForLeaders: true });
const producer = kafka.producer({ transactionalId: topic, idempotent: true, maxInFlightRequests: 1 });
await producer.connect();
async function cycle(i, mode) {
  const t = await producer.transaction();
  const send = () => t.sendBatch({ topicMessages: [{ topic, messages: [{ key: `k${i}`, value: 'x'.repeat(400) }, { key: `j${i}`, value: 'y'.repeat(400) }] }], acks: -1 });
  const offs = () => t.sendOffsets({ consumerGroupId: topic + '-g', topics: [{ topic: src, partitions: [{ partition: i % 3, offset: String(i + 1) }] }] });
  for (let a = 0; ; a++) {
    try {
      if (mode === 'seq') { await send(); await offs(); }
      else { const r = await Promise.allSettled([send(), offs()]); const bad = r.find(x => x.status === 'rejected'); if (bad) throw bad.reason; }
      break;
    } catch (e) { if (e.type === 'CONCURRENT_TRANSACTIONS' && a < 12) { conc++; await new Promise(r => setTimeout(r, 1 << a)); continue; } throw e; }
  }
  await t.commit();
}
let conc = 0;
for (const mode of ['seq', 'par', 'seq', 'par', 'seq', 'par']) {
  conc = 0;
  for (let i = 0; i < 30; i++) await cycle(i, mode);
  const n = 300; const t0 = performance.now();
  for (let i = 0; i < n; i++) await cycle(i, mode);
  console.log(mode, ((performance.now() - t0) / n).toFixed(2), 'ms/cycle', 'concurrent-retries', conc);
}
await producer.disconnect(); await admin.deleteTopics({ topics: [topic, src] }); await admin.disconnect();
