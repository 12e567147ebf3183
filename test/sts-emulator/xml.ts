// Builds responses in the layout STS itself sends: pretty-printed, with the
// 2011-06-15 namespace, a <Result> wrapper and <ResponseMetadata>. Clients
// only need well-formed XML, but matching AWS byte-for-byte keeps surprises
// (e.g. parsers that trip on namespaces) visible in tests.

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** An element with text content, or with child elements. */
export type XmlNode = readonly [name: string, content: string | readonly XmlNode[]];

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function render(node: XmlNode, depth: number, attributes = ''): string {
  const [name, content] = node;
  const pad = '  '.repeat(depth);
  if (typeof content === 'string') {
    return `${pad}<${name}${attributes}>${escapeXml(content)}</${name}>\n`;
  }
  const children = content.map((child) => render(child, depth + 1)).join('');
  return `${pad}<${name}${attributes}>\n${children}${pad}</${name}>\n`;
}

export function successXml(action: string, result: readonly XmlNode[], requestId: string): string {
  const root: XmlNode = [
    `${action}Response`,
    [
      [`${action}Result`, result],
      ['ResponseMetadata', [['RequestId', requestId]]],
    ],
  ];
  return render(root, 0, ` xmlns="${STS_NAMESPACE}"`);
}

export function errorXml(
  type: 'Sender' | 'Receiver',
  code: string,
  message: string,
  requestId: string,
): string {
  const root: XmlNode = [
    'ErrorResponse',
    [
      [
        'Error',
        [
          ['Type', type],
          ['Code', code],
          ['Message', message],
        ],
      ],
      ['RequestId', requestId],
    ],
  ];
  return render(root, 0, ` xmlns="${STS_NAMESPACE}"`);
}
