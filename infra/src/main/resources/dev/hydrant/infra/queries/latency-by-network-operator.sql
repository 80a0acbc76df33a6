-- Network latency percentiles this month, per network operator and connection type.
SELECT network_operator,
       connection_type,
       count(*) AS samples,
       approx_percentile(rtt_ms, 0.5) AS rtt_p50_ms,
       approx_percentile(rtt_ms, 0.9) AS rtt_p90_ms,
       approx_percentile(rtt_ms, 0.99) AS rtt_p99_ms,
       approx_percentile(tls_time_ms, 0.5) AS tls_p50_ms,
       round(avg(packet_loss_percent), 3) AS avg_packet_loss_percent,
       approx_percentile(throughput_kbps, 0.5) AS throughput_p50_kbps
FROM events
WHERE event_type = 'network_latency'
  AND year = date_format(current_date, '%Y')
  AND month = date_format(current_date, '%m')
GROUP BY network_operator, connection_type
ORDER BY samples DESC
