import type { PartialCatalog } from './message-keys.ts';

export const ja: PartialCatalog = {
  greeting: 'いつもご利用いただきありがとうございます。',
  signature: 'アカウントセキュリティチーム',
  'fact.line': '{label}：{value}',
  'fact.what': '内容',
  'fact.when': '日時',
  'fact.where': '場所',
  'fact.device': '端末',
  'what.transaction': 'お客様のアカウントでのお取引',
  'what.transaction_amount': '{amount} のお取引',
  'what.transaction_amount_merchant': '{merchant} での {amount} のお取引',
  'what.login': 'お客様のアカウントへのログイン',
  'what.account_change': 'アカウント設定の変更',
  'device.ios': 'iPhone・iPad',
  'device.android': 'Android 端末',
  'device.web': 'ウェブブラウザ',
  'device.other': 'その他の端末',
  'activities.count': '対象のご利用（{count} 件）：',
  'activities.more': 'ほか {count} 件',
  'short.more': '（ほか{count}件）',
  'verification_request.subject': 'ご本人様によるご利用ですか？最近のご利用の確認',
  'verification_request.intro':
    'お客様のアカウントで、お手続きを進める前にご本人様へ確認させていただきたいご利用がございました。',
  'verification_request.action':
    'ご本人様によるご利用かどうか、以下のリンクからお知らせください：{link}',
  'verification_request.expiry':
    'このリンクの有効期限は{expiresAt}です。当社がパスワードや認証コードをお尋ねすることはございません。',
  'verification_request.short':
    'ご本人様によるご利用ですか？{what}{more}、{when}。こちらからご確認ください：{link}',
  'lock_notice.subject': 'お客様保護のためアカウントをロックしました',
  'lock_notice.intro':
    '不正利用の疑いがあるご利用を検知したため、お客様保護のためアカウントをロックいたしました。確認が完了するまで、お支払いはご利用いただけません。',
  'lock_notice.next_steps':
    '今後のお手続き：お心当たりがない場合は、信頼できる端末でパスワードを変更し、アプリまたは公式サイトからサポートにお問い合わせください。ご本人様のご利用の場合は、サポートにご連絡いただければ確認後にご利用を再開できます。このメッセージには返信せず、認証コードは誰にも教えないでください。',
  'lock_notice.short':
    '不審なご利用（{what}{more}、{when}）を検知したため、アカウントをロックいたしました。アプリからサポートへご連絡ください。',
  'access_restored.subject': 'アカウントのご利用を再開しました',
  'access_restored.body':
    '最近のご利用を確認し、正当なご利用であることを確認いたしました。アカウントは通常どおりご利用いただけます。ご不便をおかけし申し訳ございませんでした。',
  'access_restored.short': 'アカウントのご利用を再開しました。ご協力ありがとうございました。',
  'page.title': '最近のご利用の確認',
  'page.question': 'ご本人様によるご利用ですか？',
  'page.yes': 'はい、本人です',
  'page.no': 'いいえ、心当たりがありません',
  'page.thanks_yes': 'ありがとうございます。ご本人様のご利用として記録しました。',
  'page.thanks_no':
    'ありがとうございます。お客様保護のためアカウントをロックしました。担当者よりご連絡いたします。',
  'page.thanks_no_unreviewed':
    'ありがとうございます。お客様保護のためアカウントをロックしました。安全の確保とご利用の再開のため、サポートまでご連絡ください。',
  'page.already_answered': 'このご確認にはすでにご回答いただいています。ありがとうございます。',
  'page.conflict': 'このご確認には別のご回答が記録されています。サポートにお問い合わせください。',
  'page.invalid': 'このリンクは無効です。',
  'page.expired':
    'このリンクは有効期限が切れています。お心当たりがない場合はサポートにお問い合わせください。',
  'page.unavailable': '現在ご回答を記録できません。しばらくしてから再度お試しください。',
  'page.intro':
    'お客様のアカウントで次のご利用がありました。処理を進める前に、ご本人様によるものかご確認をお願いいたします。',
  'page.details': 'ご確認いただきたい内容',
  'page.detail_activity': 'ご利用内容',
  'page.detail_amount': '金額',
  'page.detail_merchant': 'ご利用先',
  'page.detail_place': '場所',
  'page.detail_time': '日時',
  'page.detail_device': '端末',
  'page.also': 'このご確認には次のご利用も含まれます',
  'page.yes_next':
    'ご本人様のご利用として記録し、次回からこの端末をお客様のものとして認識します。ほかにお手続きは必要ありません。',
  'page.no_next':
    'ただちにアカウントをロックしてこれ以上のお支払いを止め、担当者からご連絡して安全の確保をお手伝いします。',
  'page.no_next_unreviewed':
    'ただちにアカウントをロックしてこれ以上のお支払いを止めます。その後、安全の確保とご利用の再開のため、サポートまでご連絡ください。',
  'page.never_ask': '当社がパスワード、暗証番号、認証コードをお尋ねすることはありません。',
  'page.expires': 'このリンクは {expiresAt} まで有効です。',
  'page.close': 'このページは閉じていただいて構いません。',
  'page.after_no':
    '確認が完了するまでお支払いはできません。ほかにお心当たりのないご利用があれば、サポートまでご連絡ください。',
  'page.support': 'お困りの場合',
  'page.support_call': 'お電話：{phone}',
  'page.support_web': '{brand} ヘルプセンター',
  'page.support_app': 'アプリまたは公式サイトから {brand} サポートにお問い合わせください。',
  'page.heading_thanks': 'ご回答を受け付けました',
  'page.heading_done': 'ご回答済みです',
  'page.heading_contact': 'サポートまでご連絡ください',
  'page.heading_link': 'このリンクはご利用いただけません',
  'page.heading_retry': 'もう一度お試しください',
  'page.server_error':
    '申し訳ございません。システムで問題が発生しました。数分後にもう一度お試しください。',
  'page.bad_request':
    'ご回答を読み取れませんでした。お手数ですが、メッセージのリンクをもう一度開き、2つのボタンのどちらかを押してください。',
  'device.computer': 'パソコン',
};
