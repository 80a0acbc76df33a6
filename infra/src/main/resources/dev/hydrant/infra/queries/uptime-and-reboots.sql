-- Reboots and uptime this month, per device: a reboot is a new boot_time. The devices that
-- reboot most come first, with their latest firmware and reboot reason.
SELECT device_id,
       max_by(device_model, "timestamp") AS device_model,
       max_by(firmware_version, "timestamp") AS firmware_version,
       count(DISTINCT boot_time) - 1 AS reboots,
       max_by(last_reboot_reason, "timestamp") AS last_reboot_reason,
       round(max(uptime_ms) / 3600000.0, 1) AS longest_uptime_hours,
       round(avg(cpu_usage_percent), 1) AS avg_cpu_percent,
       round(max(memory_used_kb * 100.0 / memory_total_kb), 1) AS peak_memory_percent
FROM events
WHERE event_type = 'uptime'
  AND year = date_format(current_date, '%Y')
  AND month = date_format(current_date, '%m')
GROUP BY device_id
ORDER BY reboots DESC, device_id
LIMIT 1000
