/**
 * Rewrites a recorded history (its JSON fixture form) into the shape a workflow task leaves when an Update arrives
 * while the task's local activities run, as seen when a task timed out and the same worker completed the retried
 * task from its cache: the first accepted Update, and the commands of its own task, move into the previous task that
 * issued commands, after those commands. A timer that task started and the Update's task cancelled is dropped (a
 * timer cancelled before its task completed is never sent).
 */

/** One history event as the JSON fixture holds it (ids as strings). */
interface JsonEvent {
  eventId: string;
  eventType: string;
  [attributes: string]: unknown;
}

const TASK_EVENTS = ['EVENT_TYPE_WORKFLOW_TASK_SCHEDULED', 'EVENT_TYPE_WORKFLOW_TASK_STARTED', 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED'];
const COMMAND_EVENTS = ['EVENT_TYPE_MARKER_RECORDED', 'EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES', 'EVENT_TYPE_TIMER_STARTED', 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED'];

const timerIdOf = (event: JsonEvent): string | undefined =>
  (event.timerStartedEventAttributes as { timerId?: string } | undefined)?.timerId ?? (event.timerCanceledEventAttributes as { timerId?: string } | undefined)?.timerId;

/** The fixture JSON with its first accepted Update moved into the task before it (see the module comment). */
export function withUpdateArrivingMidTask(fixtureJson: string): string {
  const { events } = JSON.parse(fixtureJson) as { events: JsonEvent[] };
  const update = events.findIndex((event) => event.eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED');
  if (update < 0) throw new Error('the history has no accepted Update');
  let firstDropped = update; // the tasks between the previous task's commands and the Update
  while (TASK_EVENTS.includes(events[firstDropped - 1]?.eventType ?? '')) firstDropped -= 1;
  let previousCompleted = firstDropped - 1;
  while (COMMAND_EVENTS.includes(events[previousCompleted]?.eventType ?? '')) previousCompleted -= 1;
  if (events[previousCompleted]?.eventType !== 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED' || firstDropped === update) {
    throw new Error('the Update does not follow a task with commands');
  }
  const cancelledLater = new Set(events.slice(update).filter((event) => event.eventType === 'EVENT_TYPE_TIMER_CANCELED').map(timerIdOf));
  const unsentTimers = new Set(events.slice(previousCompleted + 1, firstDropped)
    .filter((event) => event.eventType === 'EVENT_TYPE_TIMER_STARTED' && cancelledLater.has(timerIdOf(event))).map(timerIdOf));
  const dropped = new Set(events.slice(firstDropped, update));
  for (const event of events) {
    if (['EVENT_TYPE_TIMER_STARTED', 'EVENT_TYPE_TIMER_CANCELED'].includes(event.eventType) && unsentTimers.has(timerIdOf(event))) dropped.add(event);
  }
  // A dropped task's scheduled, started and completed events stand for the previous task's.
  const standsFor = new Map<string, string>();
  events.slice(firstDropped, update).forEach((event, index) => standsFor.set(event.eventId, events[previousCompleted - 2 + (index % 3)]!.eventId));
  const kept = events.filter((event) => !dropped.has(event));
  const renumbered = new Map(kept.map((event, index) => [event.eventId, String(index + 1)]));
  const newId = (old: string) => renumbered.get(standsFor.get(old) ?? old) ?? old;
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, key.endsWith('EventId') && typeof field === 'string' ? newId(field) : rewrite(field)]));
  };
  return JSON.stringify({ events: kept.map((event) => ({ ...(rewrite(event) as JsonEvent), eventId: renumbered.get(event.eventId)! })) });
}
