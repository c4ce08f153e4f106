-- Argo CD health check for telemetry.kyma-project.io/MetricPipeline (argocd-cm key
-- resource.customizations.health.telemetry.kyma-project.io_MetricPipeline), read from the conditions that
-- the status job (CronJob telemetry-metric-status) writes:
--   Healthy      Ready is True for the current generation;
--   Degraded     a condition is False: a real problem (invalid configuration, workload not ready,
--                metrics dropped) that waiting will not fix;
--   Progressing  no status yet, a status for an older generation, a rollout, or a probe that failed
--                (Unknown) and will be retried.
-- Objects whose status Kyma's manager wrote (no Ready condition) are judged by the same rules.
-- Argo CD runs this in Lua 5.1 without the string, math and io libraries: only base functions.
local hs = {}

local function find(conditions, conditionType)
  for _, c in ipairs(conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

local function describe(c)
  if c.message == nil or c.message == "" then
    return c.type .. ": " .. tostring(c.reason)
  end
  return c.type .. ": " .. c.message
end

local status = obj.status
if status == nil or status.conditions == nil or #status.conditions == 0 then
  hs.status = "Progressing"
  hs.message = "Waiting for the status job telemetry-metric-status to report"
  return hs
end

local conditions = status.conditions
local ready = find(conditions, "Ready")
local generation = obj.metadata.generation
local observed = status.observedGeneration
if observed == nil and ready ~= nil then
  observed = ready.observedGeneration
end
if observed == nil then
  observed = conditions[1].observedGeneration
end
if generation ~= nil and observed ~= nil and observed < generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the status of generation " .. tostring(generation)
  return hs
end

if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = ready.message
  return hs
end

local kinds = { "ConfigurationGenerated", "GatewayHealthy", "AgentHealthy", "TelemetryFlowHealthy" }
for _, kind in ipairs(kinds) do
  local c = find(conditions, kind)
  if c ~= nil and c.status == "False" then
    hs.status = "Degraded"
    hs.message = describe(c)
    return hs
  end
end

if ready ~= nil then
  -- Ready's message already names the condition it is about.
  hs.status = "Progressing"
  if ready.message == nil or ready.message == "" then
    hs.message = tostring(ready.reason)
  else
    hs.message = ready.message
  end
  return hs
end

-- No Ready condition (Kyma's manager): healthy when every known condition is True and none is rolling out.
for _, kind in ipairs(kinds) do
  local c = find(conditions, kind)
  if c == nil or c.status ~= "True" or c.reason == "RolloutInProgress" then
    hs.status = "Progressing"
    if c == nil then
      hs.message = "Waiting for condition " .. kind
    else
      hs.message = describe(c)
    end
    return hs
  end
end
hs.status = "Healthy"
hs.message = "All conditions are True"
return hs
