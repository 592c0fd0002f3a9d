-- review.lua -- the 15-minute Monthly Action Review call: vendor updates,
-- customer updates, adjustments, next check-in. Data as in summary.lua.

local function side_table(d, side)
  local rows = {}
  for _, a in ipairs(d.actions) do
    if a.side == side and md.open(a) then
      rows[#rows + 1] = { a.id, a.action, a.owner, md.date(a.due_date), a.status,
                          a.reason or a.notes or "" }
    end
  end
  if #rows == 0 then return "_Nothing open._" end
  return md.table({ "ID", "Action", "Owner", "Due", "Status", "Note" }, rows)
end

local function adjustments(d)
  local out = {}
  for _, a in ipairs(d.actions) do
    if a.status == "Overdue" or a.status == "At Risk" or a.state == "Blocked" then
      out[#out + 1] = ("%s %s (%s, %s): %s — reprioritize or set a new date?")
          :format(a.status, a.id, a.action, a.owner, a.reason or "no reason recorded")
    end
  end
  return md.list(out, "Nothing to adjust: everything open is on track.")
end

-- The next check-in by the cadence; one already due says so.
local function next_checkin_text(d)
  local due = d.next_checkin_on
  if not due then return "TBD" end
  if due < d.today then
    return ("overdue since %s — book it now"):format(md.date(due))
  end
  return md.date(due)
end

template("review", function(raw)
  local d = md.escaped(raw)   -- prose as typed in the body; raw for the subject
  local q = d.qbr
  local title = ("%s Monthly Action Review"):format(q.customer)
  local body = table.concat({
    ("# %s (15 minutes)"):format(title),
    "",
    ("%s QBR actions, as of %s."):format(q.id, md.date(d.today)),
    "",
    ("## 1. Vendor Updates (5 min)"),
    "Status of our commitments, any blockers or changes, support needed from you.",
    "",
    side_table(d, "vendor"),
    "",
    "## 2. Customer Updates (5 min)",
    "Status of your commitments, any challenges or blockers, support needed from us.",
    "",
    side_table(d, "customer"),
    "",
    "## 3. Adjustments (3 min)",
    adjustments(d),
    "- New items to add?",
    "",
    "## 4. Next Check-in (2 min)",
    md.list({ "Next check-in: " .. next_checkin_text(d),
              "Next QBR: " .. md.date(q.next_qbr_on) }),
  }, "\n") .. "\n"
  return title, body
end)
