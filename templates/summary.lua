-- summary.lua -- the QBR Summary Email, sent within 24 hours of the QBR.
-- d.qbr is the QBR, d.goals its goals, d.actions its actions (each with
-- side, action, owner, due_date, status ...), d.checkins the customer's
-- check-ins, d.last_checkin_on and d.next_checkin_on the cadence (the last
-- progress or review check-in, else the QBR, and the next one due), d.today
-- the day it is written. Return the subject and the body.

local function quarter_label(quarter)
  return quarter:match("Q%d") or quarter
end

-- The commitments of one side as the numbered table of the email.
local function commitments(actions, side)
  local rows = {}
  for _, a in ipairs(actions) do
    if a.side == side and a.status ~= "Cancelled" then
      -- the date agreed at the QBR, even if it has moved since
      rows[#rows + 1] = { #rows + 1, a.action, a.owner, md.date(a.original_due_date) }
    end
  end
  if #rows == 0 then return "_None agreed._" end
  return md.table({ "#", "Action", "Owner", "Due Date" }, rows)
end

local function goals(list)
  if #list == 0 then return "_No goals recorded._" end
  local out = {}
  for i, g in ipairs(list) do
    out[i] = ("%d. %s — Success criteria: %s"):format(i, g.text, g.success_criterion or "TBD")
  end
  return table.concat(out, "\n")
end

template("summary", function(raw)
  local d = md.escaped(raw)   -- prose as typed in the body; raw for the subject
  local q = d.qbr
  local held = q.held_at and q.held_at:sub(1, 10)
  local when = held == d.today and " today" or held and (" on " .. md.date(held)) or ""
  local values = {}
  for i, v in ipairs(q.values) do values[i] = v end
  values[#values + 1] = "Total quarterly ROI: " .. (q.roi or "TBD")
  local steps = {}
  for i, s in ipairs(q.next_steps) do steps[i] = s end
  steps[#steps + 1] = "Our next check-in: " .. md.date(d.next_checkin_on)
  steps[#steps + 1] = "Next QBR: " .. md.date(q.next_qbr_on)

  local subject = ("%s %s Business Review - Summary & Next Steps")
      :format(raw.qbr.customer, quarter_label(q.quarter))
  local body = table.concat({
    ("Hi %s and team,"):format(md.first_name(q.champion) or q.customer),
    "",
    ("Thank you for a productive quarterly review%s. Here's a summary"):format(when),
    "of our discussion and the commitments we made.",
    "",
    "## Key Takeaways",
    md.list(q.takeaways, "TBD"),
    "",
    "## Value Delivered This Quarter",
    md.list(values),
    "",
    "## Agreed Action Items",
    "",
    ("### %s Commitments"):format(q.customer),
    commitments(d.actions, "customer"),
    "",
    ("### %s Commitments"):format(threshold("vendor_name")),
    commitments(d.actions, "vendor"),
    "",
    "## Goals for Next Quarter",
    goals(d.goals),
    "",
    "## Next Steps",
    md.list(steps),
    "",
    "## Resources",
    md.list(q.resources, "TBD"),
    "",
    "Please let me know if I've missed anything or if you have questions.",
    "",
    "Best,",
    q.csm or "",
  }, "\n") .. "\n"
  return subject, body
end)
