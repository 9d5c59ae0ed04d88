-- wrk prints only the 50th, 75th, 90th and 99th percentiles; this adds the 95th.
-- Lines "pNN <microseconds>" after wrk's own report, read by bench/serving.py.
done = function(summary, latency, requests)
  for _, percent in ipairs({ 50, 90, 95, 99 }) do
    io.write(string.format("p%d %d\n", percent, latency:percentile(percent)))
  end
end
