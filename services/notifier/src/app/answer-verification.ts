import { isVigilError } from '@vigil/errors';
import type { Logger } from '@vigil/observability';
import { resolveLocale, type SupportedLocale } from '../domain/locale-format.ts';
import type { NotificationRecord } from '../domain/notification.ts';
import { planAnswerEffects, type VerificationAnswer } from '../domain/verification-answer.ts';
import type { NotifierMetrics } from '../metrics.ts';
import type {
  AnswerPublisher,
  LinkSigner,
  NotificationReader,
  VerificationAnswerStore,
} from './ports.ts';

export type ViewResult =
  | { status: 'ok'; locale: SupportedLocale; answered: VerificationAnswer | undefined }
  | { status: 'invalid' | 'expired' | 'not_found'; locale: SupportedLocale };

export type AnswerResult = {
  status:
    'recorded' | 'duplicate' | 'conflict' | 'invalid' | 'expired' | 'not_found' | 'unavailable';
  locale: SupportedLocale;
};

/** What the verification pages need: look at a link, answer it. */
export interface Verification {
  view(token: string): Promise<ViewResult>;
  answer(token: string, answer: VerificationAnswer): Promise<AnswerResult>;
}

type Found =
  { status: 'ok'; request: NotificationRecord } | { status: 'invalid' | 'expired' | 'not_found' };

/**
 * GET shows the question and never answers (mail scanners follow links); only a POST with the
 * signed token records an answer, and the answer's Kafka records are written before it is stored.
 */
export function createVerification(deps: {
  signer: LinkSigner;
  notifications: Pick<NotificationReader, 'get'>;
  answers: VerificationAnswerStore;
  publisher: AnswerPublisher;
  metrics: Pick<NotifierMetrics, 'verificationAnswers'>;
  logger: Logger;
}): Verification {
  async function resolve(token: string): Promise<Found> {
    let notificationId: string;
    try {
      notificationId = deps.signer.verify(token).notificationId;
    } catch (error) {
      if (isVigilError(error) && error.code === 'TOKEN_EXPIRED') return { status: 'expired' };
      return { status: 'invalid' };
    }
    const request = await deps.notifications.get(notificationId);
    // Only a verification request can be answered: a lock notice's id proves nothing to answer.
    if (request?.kind !== 'verification_request') return { status: 'not_found' };
    return { status: 'ok', request };
  }

  async function record(token: string, answer: VerificationAnswer): Promise<AnswerResult> {
    const found = await resolve(token);
    if (found.status !== 'ok') return { status: found.status, locale: 'en' };
    const { request } = found;
    const locale = resolveLocale(request.locale ?? undefined);
    try {
      const status = await deps.answers.record(request.id, answer, async (answeredAt) => {
        const effects = planAnswerEffects(
          {
            notificationId: request.id,
            decisionId: request.decisionId,
            accountId: request.accountId,
            deviceId: request.facts.deviceId,
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
      if (found.status !== 'ok') return { status: found.status, locale: 'en' };
      const locale = resolveLocale(found.request.locale ?? undefined);
      return { status: 'ok', locale, answered: await deps.answers.find(found.request.id) };
    },
    async answer(token, answer) {
      const result = await record(token, answer);
      deps.metrics.verificationAnswers.inc({ answer, result: result.status });
      return result;
    },
  };
}
