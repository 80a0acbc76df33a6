-- Lost events this month, per device: every event carries the device's next seq, so missing
-- values between the smallest and the largest seq are events that never reached S3. Losses
-- before the first or after the last event of the month are not visible here.
SELECT device_id,
       count(*) AS events,
       count(DISTINCT seq) AS unique_events,
       max(seq) - min(seq) + 1 - count(DISTINCT seq) AS lost,
       min(seq) AS first_seq,
       max(seq) AS last_seq
FROM events
WHERE year = date_format(current_date, '%Y')
  AND month = date_format(current_date, '%m')
GROUP BY device_id
HAVING max(seq) - min(seq) + 1 > count(DISTINCT seq)
ORDER BY lost DESC, device_id
LIMIT 1000
