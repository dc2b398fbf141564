import { describe, expect, it } from 'vitest';
import { customerMessages } from '../sinks/customer-messages.ts';
import { sampleVerificationLinks } from './sample-links.ts';
import { whereNext, type WhereNextStack } from './where-next.ts';

const stack: WhereNextStack = {
  plan: {
    callers: { agent: { token: 'agent-token', principal: 'agent-demo', role: 'agent' } },
    options: {
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
      caseSchema: 'demo_cases',
      kafkaBrokers: ['127.0.0.1:9092'],
      redisUrl: 'redis://127.0.0.1:6379',
      redisKeyPrefix: 'vigil-demo-run1:',
    },
  },
  caseService: {
    name: 'case-service',
    opsUrl: 'http://127.0.0.1:9401',
    logFile: '/logs/case-service.log',
    grpcAddress: '127.0.0.1:50051',
  },
  riskEngine: { name: 'risk-engine', opsUrl: 'http://127.0.0.1:9402', logFile: '/logs/risk.log' },
  notifier: {
    name: 'notifier',
    opsUrl: 'http://127.0.0.1:9403',
    logFile: '/logs/notifier.log',
    httpUrl: 'http://127.0.0.1:8081',
  },
};

const sms = (to: string, locale: string, text: string, second: number) => ({
  channel: 'sms' as const,
  method: 'POST',
  path: '/sms',
  headers: {},
  body: { to, text, locale },
  to,
  text,
  receivedAt: new Date(Date.UTC(2026, 11, 1, 9, 0, second)),
});

const verify = (token: string) => `http://127.0.0.1:8081/verify?t=${token}`;

const run = {
  inputTopics: { transactions: 'd.tx', logins: 'd.logins', accountChanges: 'd.changes' },
  period: {
    from: Date.UTC(2026, 11, 1, 7),
    to: Date.UTC(2026, 11, 1, 9),
    warmupMs: 24 * 3_600_000,
  },
};

describe('where to look next', () => {
  const messages = customerMessages(
    [
      {
        from: 'security@vigil.example',
        to: ['acc-1@customers.vigil.test'],
        subject: 'Was this you?',
        text: `Tell us whether this was you: ${verify('en.1')}`,
        headers: new Map([['content-language', 'en']]),
        receivedAt: new Date(Date.UTC(2026, 11, 1, 9, 0, 3)),
      },
    ],
    [
      sms('+819000011111', 'ja', `ご本人様のご利用ですか？確認：${verify('ja.old')}`, 1),
      sms('+819000022222', 'ja', `ご本人様のご利用ですか？確認：${verify('ja.new')}`, 4),
      sms('+861380033333', 'zh-CN', '检测到可疑活动，您的账户已被锁定。', 5),
      sms('+861380044444', 'zh-CN', `是您本人吗？确认：${verify('zh.1')}`, 2),
    ],
  );

  it('picks the newest verification link per language, in en / ja / zh-CN order', () => {
    expect(sampleVerificationLinks(messages)).toEqual([
      { language: 'en', link: verify('en.1'), to: 'acc-1@customers.vigil.test' },
      { language: 'ja', link: verify('ja.new'), to: '+819000022222' },
      { language: 'zh-CN', link: verify('zh.1'), to: '+861380044444' },
    ]);
    expect(sampleVerificationLinks([])).toEqual([]);
  });

  it('prints the capture page, a link per language, and notices that have text', () => {
    const lines = whereNext(stack, {
      labelsFile: '/logs/labels.jsonl',
      topics: ['a', 'b'],
      ...run,
      captureUrl: 'http://127.0.0.1:7001/',
      samples: sampleVerificationLinks(messages),
      noticed: { accountId: 'acc-9', to: '+819000022222' },
    });
    expect(lines.slice(0, 7)).toEqual([
      'Where to look next',
      '  customers  http://127.0.0.1:7001/   every email, SMS and push sent, newest first (JSON: http://127.0.0.1:7001/messages.json)',
      `  verify     en     ${verify('en.1')}`,
      `             ja     ${verify('ja.new')}`,
      `             zh-CN  ${verify('zh.1')}`,
      '  notices    http://127.0.0.1:7001/?to=%2B819000022222   what acc-9 was sent',
      "             curl 'http://127.0.0.1:8081/notifications?accountId=acc-9'   their notices' delivery status",
    ]);
    expect(lines.join('\n')).toContain('VIGIL_CASES_TOKEN=agent-token');
  });

  it("points the lists CLI at the run's Redis prefix and a backtest at its topics and simulated period", () => {
    const lines = whereNext(stack, {
      labelsFile: '/logs/labels.jsonl',
      topics: [],
      captureUrl: 'http://127.0.0.1:7001/',
      samples: [],
      noticed: undefined,
      ...run,
    });
    expect(lines).toContain(
      '  lists      REDIS_URL=redis://127.0.0.1:6379 REDIS_KEY_PREFIX=vigil-demo-run1: pnpm --filter @vigil/risk-engine lists add deny device <deviceId> --ttl 90d',
    );
    expect(lines).toContain(
      '             (then `lists show deny device <deviceId>`: in force, and until when)',
    );
    expect(lines).toContain(
      '  backtest   KAFKA_BROKERS=127.0.0.1:9092 TOPIC_TRANSACTIONS=d.tx TOPIC_LOGINS=d.logins ' +
        'TOPIC_ACCOUNT_CHANGES=d.changes pnpm --filter @vigil/risk-engine backtest --rules candidate.yaml ' +
        '--from 2026-12-01T07:00:00.000Z --to 2026-12-01T09:00:00.000Z --warmup 1440m --labels /logs/labels.jsonl',
    );
  });

  it('says so when nothing was sent instead of printing an empty status API', () => {
    const lines = whereNext(stack, {
      labelsFile: '/l',
      topics: [],
      ...run,
      captureUrl: 'http://127.0.0.1:7001/',
      samples: [],
      noticed: undefined,
    });
    expect(lines).toContain('  verify     no verification request was sent in this run');
    expect(lines).toContain('  notices    none were sent in this run');
    expect(lines.join('\n')).not.toContain('/notifications?accountId=');
  });
});
