// The host's duration and clock-time wording, for the webview (which imports src/protocol only).
export { formatDuration, whenText } from '../core/model/timeText';
