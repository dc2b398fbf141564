import { isVigilError } from '@vigil/errors';
import type { Logger } from '@vigil/observability';
import { resolveLocale, type SupportedLocale } from '../domain/locale-format.ts';
import type { NotificationFacts, NotificationRecord } from '../domain/notification.ts';
import { planAnswerEffects, type VerificationAnswer } from '../domain/verification-answer.ts';
import type { NotifierMetrics } from '../metrics.ts';
import type {
  AnswerPublisher,
  ContactPreferencesStore,
  LinkSigner,
  NotificationReader,
  VerificationAnswerStore,
} from './ports.ts';

/** What the question page shows: the notice's stored facts, in the customer's zone. */
export interface ActivityView {
  facts: NotificationFacts;
  /** The incident's further activities the notice listed (bounded), in the order they came. */
  others: NotificationFacts[];
  /** Activities the notice covers, the first included (may exceed 1 + others). */
  total: number;
  /** IANA zone from the customer's contact preferences (UTC when they left none). */
  timeZone: string;
  /** When the link stops working. */
  expiresAt: Date;
}

/**
 * `locale` is the language of the notice the link came from; undefined when the link names no
 * notice of ours (tampered, malformed, unknown), and then the page falls back to the browser's.
 */
export type ViewResult =
  | {
      status: 'ok';
      locale: SupportedLocale | undefined;
      answered: VerificationAnswer | undefined;
      activity: ActivityView;
    }
  | { status: 'invalid' | 'expired' | 'not_found'; locale: SupportedLocale | undefined };

export type AnswerResult = {
  status:
    'recorded' | 'duplicate' | 'conflict' | 'invalid' | 'expired' | 'not_found' | 'unavailable';
  locale: SupportedLocale | undefined;
};

/** What the verification pages need: look at a link, answer it, or just learn its language. */
export interface Verification {
  view(token: string): Promise<ViewResult>;
  answer(token: string, answer: VerificationAnswer): Promise<AnswerResult>;
  /** The language of the link's notice, for pages about a request we could not read. */
  localeOf(token: string): Promise<SupportedLocale | undefined>;
}

type Found =
  | { status: 'ok'; request: NotificationRecord; expiresAt: Date }
  | { status: 'expired'; request: NotificationRecord | undefined }
  | { status: 'invalid' | 'not_found' };

/**
 * GET shows the question and never answers (mail scanners follow links); only a POST with the
 * signed token records an answer, and the answer's Kafka records are written before it is stored.
 */
export function createVerification(deps: {
  signer: LinkSigner;
  notifications: Pick<NotificationReader, 'get' | 'decisionsCovered'>;
  answers: VerificationAnswerStore;
  publisher: AnswerPublisher;
  /** The customer's time zone (and language, for a notice not sent yet). */
  contacts: ContactPreferencesStore;
  metrics: Pick<NotifierMetrics, 'verificationAnswers'>;
  logger: Logger;
}): Verification {
  async function resolve(token: string): Promise<Found> {
    let claims: { notificationId: string; expiresAt: Date };
    try {
      claims = deps.signer.verify(token);
    } catch (error) {
      if (!isVigilError(error) || error.code !== 'TOKEN_EXPIRED') return { status: 'invalid' };
      // The signature was checked before the expiry, so this id is one of ours.
      const id = error.details?.notificationId;
      const request = typeof id === 'string' ? await deps.notifications.get(id) : undefined;
      return { status: 'expired', request };
    }
    const request = await deps.notifications.get(claims.notificationId);
    // Only a verification request can be answered: a lock notice's id proves nothing to answer.
    if (request?.kind !== 'verification_request') return { status: 'not_found' };
    return { status: 'ok', request, expiresAt: claims.expiresAt };
  }

  /** The language the notice was sent in; before it was sent, the customer's current one. */
  async function localeOf(request: NotificationRecord | undefined) {
    if (request === undefined) return undefined;
    if (request.locale !== null) return resolveLocale(request.locale);
    const prefs = await deps.contacts.get(request.accountId);
    return prefs === undefined ? undefined : resolveLocale(prefs.locale);
  }

  async function record(token: string, answer: VerificationAnswer): Promise<AnswerResult> {
    const found = await resolve(token);
    if (found.status !== 'ok') {
      const locale = found.status === 'expired' ? await localeOf(found.request) : undefined;
      return { status: found.status, locale };
    }
    const { request } = found;
    const locale = await localeOf(request);
    try {
      const status = await deps.answers.record(request.id, answer, async (answeredAt) => {
        const effects = planAnswerEffects(
          {
            notificationId: request.id,
            decisionId: request.decisionId,
            accountId: request.accountId,
            deviceId: request.facts.deviceId,
            alsoCovers: await deps.notifications.decisionsCovered(request.id),
          },
          answer,
          answeredAt,
        );
        await deps.publisher.publish(effects);
      });
      deps.logger.info(
        { notificationId: request.id, decisionId: request.decisionId, answer, status },
        'verification answer',
      );
      return { status, locale };
    } catch (error) {
      deps.logger.error(
        { err: error, notificationId: request.id },
        'verification answer not recorded',
      );
      return { status: 'unavailable', locale };
    }
  }

  return {
    async view(token) {
      const found = await resolve(token);
      if (found.status === 'expired')
        return { status: 'expired', locale: await localeOf(found.request) };
      if (found.status !== 'ok') return { status: found.status, locale: undefined };
      const { request, expiresAt } = found;
      const prefs = await deps.contacts.get(request.accountId);
      const sentIn = request.locale ?? prefs?.locale;
      return {
        status: 'ok',
        locale: sentIn === undefined ? undefined : resolveLocale(sentIn),
        answered: await deps.answers.find(request.id),
        activity: {
          facts: request.facts,
          others: request.activities,
          total: request.activityCount,
          timeZone: prefs?.timeZone ?? 'UTC',
          expiresAt,
        },
      };
    },
    async answer(token, answer) {
      const result = await record(token, answer);
      deps.metrics.verificationAnswers.inc({ answer, result: result.status });
      return result;
    },
    async localeOf(token) {
      const found = await resolve(token);
      return found.status === 'ok' || found.status === 'expired'
        ? localeOf(found.request)
        : undefined;
    },
  };
}
