-- Duplicated events this month: the same device and seq stored more than once (a retried
-- request that had already been written). Same event_id means a true duplicate; deduplicate
-- on (device_id, seq) or event_id when counting.
SELECT device_id,
       seq,
       count(*) AS copies,
       count(DISTINCT event_id) AS distinct_event_ids
FROM events
WHERE year = date_format(current_date, '%Y')
  AND month = date_format(current_date, '%m')
GROUP BY device_id, seq
HAVING count(*) > 1
ORDER BY copies DESC, device_id, seq
LIMIT 1000
