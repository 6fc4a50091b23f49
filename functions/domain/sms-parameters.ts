/**
 * The longest value a provider accepts for one template variable, in characters (each Chinese character,
 * letter, digit, punctuation mark or space counts one with both providers):
 * - Aliyun 短信服务: 35 characters per variable of a notification template unless the limit was lifted for
 *   the template ("单个模板变量的长度可以超过默认的 35 字符上限", help.aliyun.com/zh/document_detail/3041859).
 * - Tencent Cloud SMS: 12 characters per variable for personally verified accounts, none for enterprise
 *   accounts except that a template may not be all variables ("单个变量取值最多支持12个字",
 *   tencentcloud.com/zh/document/product/382/40653); the older FAQ (cloud.tencent.com/document/product/382/13301)
 *   still says 6 for non-verification templates. Mainland senders are enterprises, but a deployment can set
 *   its own figure (`sms.parameterMaxLength`) to what its approved templates allow.
 * Both cap the whole message at 500 characters.
 */
export const defaultParameterMaxLength = { aliyun: 35, tencent: 12 } as const;

const ellipsis = "…";

/**
 * A template value shortened to at most `max` characters, so the provider never refuses the message for
 * it: a long enterprise name or hazard title keeps its head and ends in "…" (which counts as one). The
 * same value always gives the same result; values within the limit are left exactly as they are.
 */
export function fitParameter(value: string, max: number): string {
  const chars = Array.from(value);
  if (chars.length <= max) return value;
  if (max <= 1) return chars.slice(0, max).join("");
  return (
    chars
      .slice(0, max - 1)
      .join("")
      .trimEnd() + ellipsis
  );
}

/** Every value of a message's parameters fitted to the limit, names and order kept. */
export function fitParameters(params: Record<string, string>, max: number): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, fitParameter(value, max)]));
}
