import { Fragment } from 'react';

const URL_PATTERN = /(https?:\/\/[^\s]+)/g;

/** An SMS body with its links clickable (the registration link, in the dev inbox). */
export function MessageBody({ text }: { text: string }) {
  return (
    <p className="message-body">
      {text.split(URL_PATTERN).map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part}>
            {part}
          </a>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </p>
  );
}
