-- Default status rules. They run, in load order, on every action that is
-- neither Complete nor Cancelled, after the core has decided Overdue,
-- Blocked, In Progress or Not Started. A rule returns nothing to keep the
-- status so far, or a status and a reason.
--
-- To change a rule, register one of the same name in your team directory's
-- rules/: it replaces this one in place.

-- How many days before its due date a not-started action is at risk.
threshold("at_risk_days", 7)

rule("at-risk", function(a)
  if a.status ~= "Not Started" then return end
  local days = a.days_to_due
  if days >= 0 and days <= threshold("at_risk_days") then
    if days == 0 then
      return "At Risk", "due today, not started"
    end
    return "At Risk", ("due in %d day%s, not started"):format(days, days == 1 and "" or "s")
  end
end)
