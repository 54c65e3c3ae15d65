/** The activities a workflow history ran, in order (census and tests read the same thing the same way). */
import type { WorkflowHandle } from '@temporalio/client';

type HistoryEvents = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>;

/** Local activities from their markers (suffixed `*`), the others from their scheduled events. */
export function activitySequenceOf(events: HistoryEvents): string[] {
  return events.flatMap((event) => {
    const scheduled = event.activityTaskScheduledEventAttributes?.activityType?.name;
    if (scheduled) return [scheduled];
    const payload = event.markerRecordedEventAttributes?.details?.data?.payloads?.[0]?.data;
    if (!payload) return [];
    const marker = JSON.parse(Buffer.from(payload).toString('utf8')) as { activity_type?: string; activityType?: string };
    const type = marker.activity_type ?? marker.activityType;
    return type ? [`${type}*`] : [];
  });
}
