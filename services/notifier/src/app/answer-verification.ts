import { isVigilError } from '@vigil/errors';
import type { Logger } from 'pino';
import { resolveLocale, type SupportedLocale } from '../domain/locale-format.ts';
import {
  planAnswerEffects,
  type AnswerEffects,
  type VerificationAnswer,
} from '../domain/verification-answer.ts';
import type { NotificationRecord } from '../adapters/pg-notification-row.ts';
import type { PgVerificationAnswers } from '../adapters/pg-verification-answers.ts';
import type { NotifierMetrics } from '../metrics.ts';
import type { LinkSigner } from '../adapters/hmac-link-signer.ts';

/** Port: writes an answer's records to Kafka (risk.feedback.v1, accounts.commands.v1) durably. */
export interface AnswerPublisher {
  publish(effects: AnswerEffects): Promise<void>;
}

export type ViewResult =
  | { status: 'ok'; locale: SupportedLocale; answered: VerificationAnswer | undefined }
  | { status: 'invalid' | 'expired' | 'not_found'; locale: SupportedLocale };

export type AnswerResult = {
  status:
    'recorded' | 'duplicate' | 'conflict' | 'invalid' | 'expired' | 'not_found' | 'unavailable';
  locale: SupportedLocale;
};

/**
 * GET shows the question and never answers (mail scanners follow links); only a POST with the
 * signed token records an answer, and the answer's Kafka records are written before it is stored.
 */
export class VerificationService {
  constructor(
    private readonly deps: {
      signer: LinkSigner;
      notifications: { get(id: string): Promise<NotificationRecord | undefined> };
      answers: Pick<PgVerificationAnswers, 'record' | 'find'>;
      publisher: AnswerPublisher;
      metrics: NotifierMetrics;
      logger: Logger;
    },
  ) {}

  private async resolve(
    token: string,
  ): Promise<
    { status: 'ok'; request: NotificationRecord } | { status: 'invalid' | 'expired' | 'not_found' }
  > {
    let notificationId: string;
    try {
      notificationId = this.deps.signer.verify(token).notificationId;
    } catch (error) {
      if (isVigilError(error) && error.code === 'TOKEN_EXPIRED') return { status: 'expired' };
      return { status: 'invalid' };
    }
    const request = await this.deps.notifications.get(notificationId);
    if (request?.kind !== 'verification_request') return { status: 'not_found' };
    return { status: 'ok', request };
  }

  async view(token: string): Promise<ViewResult> {
    const found = await this.resolve(token);
    if (found.status !== 'ok') return { status: found.status, locale: 'en' };
    const locale = resolveLocale(found.request.locale ?? undefined);
    return { status: 'ok', locale, answered: await this.deps.answers.find(found.request.id) };
  }

  async answer(token: string, answer: VerificationAnswer): Promise<AnswerResult> {
    const result = await this.answerInner(token, answer);
    this.deps.metrics.verificationAnswers.inc({ answer, result: result.status });
    return result;
  }

  private async answerInner(token: string, answer: VerificationAnswer): Promise<AnswerResult> {
    const found = await this.resolve(token);
    if (found.status !== 'ok') return { status: found.status, locale: 'en' };
    const { request } = found;
    const locale = resolveLocale(request.locale ?? undefined);
    try {
      const status = await this.deps.answers.record(request.id, answer, async (answeredAt) => {
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
        await this.deps.publisher.publish(effects);
      });
      this.deps.logger.info(
        { notificationId: request.id, decisionId: request.decisionId, answer, status },
        'verification answer',
      );
      return { status, locale };
    } catch (error) {
      this.deps.logger.error(
        { err: error, notificationId: request.id },
        'verification answer not recorded',
      );
      return { status: 'unavailable', locale };
    }
  }
}
