-- at-risk.lua -- the Northwind CS team's "At Risk" rule.
--
-- What this changes, compared with qbrt's built-in rules/status.lua:
--
--   1. Earlier warning on work nobody has started. The built-in rule flags a
--      Not Started action as At Risk when it is due within 7 days. Our
--      customers' change boards and depot schedules need more notice than
--      that, so we warn 14 days ahead (threshold "at_risk_days").
--
--   2. Quiet work close to its deadline. An In Progress action due within
--      3 days that nobody has touched (no status change, note, date move or
--      customer communication) for more than 7 days is also At Risk: "in
--      progress" with no news a few days before the date is usually a miss
--      we have not heard about yet.
--
-- Overdue, Blocked, Complete and Cancelled actions are left as they are:
-- the rule only looks at actions whose status so far is Not Started or
-- In Progress and whose due date is today or later.
--
-- To use it, point qbrt at this directory, for example
--     qbrt --team examples/team dashboard NORTHWIND-2024Q1
-- or copy rules/at-risk.lua into ~/.config/qbrt/rules/. Because this file
-- registers the names "at_risk_days" and "at-risk" again, it replaces the
-- built-in threshold and rule instead of adding a second one.

threshold("at_risk_days", 14)

local QUIET_DUE_DAYS = 3      -- "close to the deadline": due in 0..3 days
local QUIET_UPDATE_DAYS = 7   -- "quiet": last update more than 7 days ago

-- "1 day", "3 days": the same wording as the built-in rule.
local function plural(n, word)
    return ("%d %s%s"):format(n, word, n == 1 and "" or "s")
end

rule("at-risk", function(a)
    local due = a.days_to_due
    if due == nil or due < 0 then
        return                    -- past due: the core already says Overdue
    end

    if a.status == "Not Started" and due <= threshold("at_risk_days") then
        if due == 0 then
            return "At Risk", "due today, not started"
        end
        return "At Risk", ("due in %s, not started"):format(plural(due, "day"))
    end

    if a.status == "In Progress" and due <= QUIET_DUE_DAYS
            and (a.days_since_update or 0) > QUIET_UPDATE_DAYS then
        local when = due == 0 and "due today" or "due in " .. plural(due, "day")
        return "At Risk", ("%s, no update for %s")
            :format(when, plural(a.days_since_update, "day"))
    end
end)
