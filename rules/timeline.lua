-- The QBR follow-up timeline. Each milestone is due a number of days after
-- the QBR and is done when its done(d) function returns the date it was
-- done, judged from the data (d as in templates/summary.lua: d.qbr,
-- d.actions, d.checkins, d.today). Registering a name again replaces that
-- milestone in place; agenda = false keeps it off `qbrt agenda`.

-- The first check-in of a kind held on or after the QBR, and by today: one
-- planned ahead is not done yet.
local function first_checkin(d, kind)
  local held = d.qbr.held_at and d.qbr.held_at:sub(1, 10) or ""
  for _, c in ipairs(d.checkins) do
    if c.kind == kind and c.on >= held and c.on <= d.today then return c.on end
  end
end

milestone("summary", {
  day = 1, label = "Summary email sent (within 24 hours)",
  done = function(d) return d.qbr.summary_sent_at and d.qbr.summary_sent_at:sub(1, 10) end,
})

milestone("debrief", {
  day = 3, label = "Internal debrief completed",
  done = function(d) return d.qbr.debriefed_on end,
})

-- Quick actions: everything due in the first week is complete.
milestone("quick-actions", {
  day = 7, label = "Quick actions completed, complex actions in progress",
  done = function(d)
    local held = d.qbr.held_at:sub(1, 10)
    local week1 = dates.add_days(held, 7)
    local last = nil
    for _, a in ipairs(d.actions) do
      if a.original_due_date <= week1 and a.status ~= "Cancelled" then
        if a.status ~= "Complete" then return nil end
        if not last or a.completed_on > last then last = a.completed_on end
      end
    end
    return last or held
  end,
})

milestone("champion-checkin", {
  day = 14, label = "Progress check-in with champion", agenda = false,
  done = function(d) return first_checkin(d, "progress") end,
})

milestone("mid-quarter-review", {
  day = 28, label = "Mid-quarter review of action items",
  done = function(d) return first_checkin(d, "review") end,
})

milestone("pre-qbr-check", {
  day = 56, label = "Pre-QBR check on completion status",
  done = function(d) return first_checkin(d, "prep") end,
})

-- The next QBR: every action complete or cancelled by then. It is due on
-- the date booked for it, else in week 12.
milestone("next-qbr", {
  day = 84, label = "Next QBR — all actions should be complete or explained",
  due = function(d) return d.qbr.next_qbr_on end,
  done = function(d)
    local last = nil
    for _, a in ipairs(d.actions) do
      if a.status ~= "Complete" and a.status ~= "Cancelled" then return nil end
      if a.completed_on and (not last or a.completed_on > last) then last = a.completed_on end
    end
    return last
  end,
})
