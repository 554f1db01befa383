// Small inline icons (no emoji: not every device has a colour emoji font).
const common = {
  width: 14,
  height: 14,
  viewBox: '0 0 16 16',
  'aria-hidden': true,
  focusable: false,
} as const;

export const LockIcon = ({ open }: { open: boolean }) => (
  <svg {...common} className="icon">
    <rect x="3" y="7" width="10" height="8" rx="1.5" fill="currentColor" />
    <path
      d={open ? 'M5 7V5a3 3 0 0 1 6 0' : 'M5 7V5a3 3 0 0 1 6 0v2'}
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      transform={open ? 'translate(3 -1)' : undefined}
    />
  </svg>
);

export const BoltIcon = () => (
  <svg {...common} className="icon icon-bolt">
    <path d="M9 1 3 9h4l-1 6 6-8H8l1-6z" fill="currentColor" />
  </svg>
);
