import type { Kafka, Producer } from 'kafkajs';
import { DEFAULT_MAX_BUFFERED_PER_PARTITION } from '@vigil/kafka';
import type { GeneratedEvent, InboundKind } from './event-mix.ts';
import { preload, producePaced, type TopicsByKind } from './kafka-load.ts';
import { watchOutputs } from './output-watcher.ts';
import { sumOf } from './prom-text.ts';
import { fmt, summarize } from './stats.ts';
import type { SubjectProcess } from './subject-process.ts';

/** Events of one kind from the mix, at the times asked. */
function only(kind: InboundKind, mix: { next(now: number): GeneratedEvent }, at: () => number) {
  return () => {
    for (;;) {
      const event = mix.next(at());
      if (event.kind === kind) return event;
    }
  };
}

/**
 * One topic far behind: an hour of logins arrives as a burst (an identity upstream catching up)
 * while payments keep arriving live. In event-time order the engine must decide the old logins
 * first and hold the live payments back, so this is the worst case for what the merge buffers:
 * the full partitions are paused and memory stays bounded. Samples the engine's own gauges and
 * its RSS every second until every event is decided.
 */
export async function measureStall(options: {
  producer: Producer;
  kafka: Kafka;
  topics: TopicsByKind;
  output: string;
  backlog: number;
  livePerSecond: number;
  mix: { next(now: number): GeneratedEvent };
  log: (line: string) => void;
  start: () => Promise<SubjectProcess>;
}): Promise<{ rows: string[][]; summary: string; maxRssBytes: number }> {
  const { producer, topics, log } = options;
  const watcher = await watchOutputs(options.kafka, options.output);
  const engine = await options.start();
  const liveSeconds = 20;
  const live = Math.round(options.livePerSecond * liveSeconds);
  const rows: string[][] = [];
  let maxBuffered = 0;
  let maxBytes = 0;
  let maxRss = 0;
  const started = performance.now();
  const sampler = setInterval(() => {
    void engine.metrics().then((samples) => {
      const buffered = sumOf(samples, 'vigil_kafka_ordered_buffered_records');
      const bytes = sumOf(samples, 'vigil_kafka_ordered_buffered_bytes');
      const rss = engine.rssBytes();
      [maxBuffered, maxBytes, maxRss] = [
        Math.max(maxBuffered, buffered),
        Math.max(maxBytes, bytes),
        Math.max(maxRss, rss),
      ];
      rows.push([
        String(rows.length + 1),
        fmt.int(buffered),
        fmt.mib(bytes),
        fmt.int(sumOf(samples, 'vigil_kafka_paused_partitions')),
        fmt.mib(rss),
        fmt.int(watcher.stats().distinct),
      ]);
    });
  }, 1_000);
  try {
    const hourAgo = Date.now() - 3_600_000;
    let i = 0;
    const oldLogin = only(
      'login',
      options.mix,
      () => hourAgo + (i++ * 3_600_000) / options.backlog,
    );
    log(
      `stall: ${options.backlog} logins from the last hour as a burst, payments live at ${options.livePerSecond}/s`,
    );
    const [paced] = await Promise.all([
      producePaced(
        producer,
        topics,
        { perSecond: options.livePerSecond, durationMs: liveSeconds * 1_000 },
        only('transaction', options.mix, Date.now),
      ),
      preload(producer, topics, options.backlog, oldLogin),
    ]);
    await watcher.until(options.backlog + live, 300_000);
    const drainedSeconds = (performance.now() - started) / 1_000;
    const latencies = [...paced.sentAt].flatMap(([id, sent]) => {
      const seen = watcher.seenAt.get(id);
      return seen === undefined ? [] : [seen - sent];
    });
    const waits = summarize(latencies);
    const summary =
      `${fmt.int(options.backlog)} logins from the last hour arrived as one burst while ${fmt.int(live)} payments came live ` +
      `(${fmt.int(options.livePerSecond)}/s for ${liveSeconds} s); everything was decided after ${drainedSeconds.toFixed(1)} s, ` +
      `${watcher.duplicates} duplicate decisions. In event-time order the payments waited for the older logins: their ` +
      `event → decision p50 ${fmt.ms(waits.p50)}, p99 ${fmt.ms(waits.p99)}. The merge held at most ${fmt.int(maxBuffered)} records ` +
      `(${fmt.mib(maxBytes)} of values) with partitions paused at MAX_BUFFERED_PER_PARTITION (${fmt.int(DEFAULT_MAX_BUFFERED_PER_PARTITION)}) — the bound is that cap plus ` +
      `one fetch (≤ 256 KiB) per input partition, × 3 topics × partitions owned — and the engine's RSS peaked at ${fmt.mib(maxRss)}.`;
    log(`stall: ${summary}`);
    return { rows, summary, maxRssBytes: maxRss };
  } finally {
    clearInterval(sampler);
    await engine.stop();
    await watcher.stop();
  }
}
