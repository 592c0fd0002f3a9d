-- checkin.lua -- the Progress Check-in email to the champion: what is done
-- since the last check-in, what is in progress, and the customer's own
-- open items. Data as in summary.lua.

-- The last progress or review check-in before today (today's is the one
-- this email follows up), else the QBR's day.
local function previous_checkin(d)
  local last = d.qbr.held_at and d.qbr.held_at:sub(1, 10)
  for _, c in ipairs(d.checkins) do
    if c.kind ~= "prep" and c.on < d.today and (not last or c.on > last) then last = c.on end
  end
  return last
end

local function completed(d, since)
  local out = {}
  for _, a in ipairs(d.actions) do
    if a.status == "Complete" and (not since or a.completed_on >= since) then
      local result = a.outcome and (" " .. a.outcome) or ""
      out[#out + 1] = ("%s: Done on %s.%s"):format(a.action, md.date(a.completed_on), result)
    end
  end
  return md.list(out, "Nothing new since we last spoke.")
end

local function in_progress(d)
  local out = {}
  for _, a in ipairs(d.actions) do
    if a.side == "vendor" and md.open(a) then
      local line
      if a.state == "Blocked" then
        line = ("%s: %s. Need your help to move it forward."):format(a.action,
          a.notes or "Blocked")
      elseif a.status == "Overdue" then
        line = ("%s: behind; it was due %s. %s"):format(a.action, md.date(a.due_date),
          a.notes or "")
      elseif a.state == "In Progress" and a.status == "At Risk" then
        line = ("%s: tight for %s; we're on it. %s"):format(a.action, md.date(a.due_date),
          a.notes or "")
      elseif a.state == "Not Started" then
        line = ("%s: starting now for %s. %s"):format(a.action, md.date(a.due_date),
          a.notes or "")
      else
        line = ("%s: On track for %s. %s"):format(a.action, md.date(a.due_date), a.notes or "")
      end
      out[#out + 1] = line:gsub("%s+$", "")
    end
  end
  return md.list(out, "Nothing open on our side.")
end

local function your_items(d)
  local out = {}
  for _, a in ipairs(d.actions) do
    if a.side == "customer" and md.open(a) then
      local ask = a.state == "Blocked" and "Is there anything you need from us?"
          or "Any update?"
      out[#out + 1] = ("%s (%s): %s"):format(a.action, a.owner, ask)
    end
  end
  if #out == 0 then return "Nothing open on your side — thank you!" end
  return "Just wanted to check in on:\n" .. md.list(out)
end

template("checkin", function(raw)
  local d = md.escaped(raw)   -- prose as typed in the body; raw for the subject
  local q = d.qbr
  local subject = ("%s QBR Action Items - Progress Update"):format(raw.qbr.customer)
  local body = table.concat({
    ("Hi %s,"):format(md.first_name(q.champion) or q.customer),
    "",
    ("Quick update on our action items from the %s QBR:")
        :format(q.quarter:match("Q%d") or q.quarter),
    "",
    "## Completed ✓",
    completed(d, previous_checkin(d)),
    "",
    "## In Progress",
    in_progress(d),
    "",
    "## Your Items",
    your_items(d),
    "",
    "Let me know if you have any questions or if anything has changed.",
    "",
    "Talk soon,",
    q.csm or "",
  }, "\n") .. "\n"
  return subject, body
end)
