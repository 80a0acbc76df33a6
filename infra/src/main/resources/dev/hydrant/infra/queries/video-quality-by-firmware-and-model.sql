-- Video quality this month, per device model and firmware: bitrate, dropped frames, rebuffering
-- and startup time. Regressions after a firmware rollout show up as a new firmware row.
SELECT device_model,
       firmware_version,
       count(*) AS samples,
       count(DISTINCT device_id) AS devices,
       round(avg(bitrate_kbps)) AS avg_bitrate_kbps,
       sum(dropped_frames) AS dropped_frames,
       sum(rebuffer_count) AS rebuffers,
       round(sum(rebuffer_duration_ms) / 1000.0, 1) AS rebuffer_seconds,
       approx_percentile(startup_time_ms, 0.5) AS startup_p50_ms,
       approx_percentile(startup_time_ms, 0.95) AS startup_p95_ms
FROM events
WHERE event_type = 'video_quality'
  AND year = date_format(current_date, '%Y')
  AND month = date_format(current_date, '%m')
GROUP BY device_model, firmware_version
ORDER BY samples DESC
