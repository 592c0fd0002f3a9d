-- prep.lua -- the Pre-QBR Action Review Checklist. Each box is ticked from
-- the data; a box the data cannot judge says so. Data as in summary.lua.

local function box(done, text, detail)
  local line = ("[%s] %s"):format(done and "x" or " ", text)
  if detail and detail ~= "" then line = line .. " — " .. detail end
  return line
end

local function ids(list)
  local out = {}
  for i, a in ipairs(list) do out[i] = a.id end
  return table.concat(out, ", ")
end

local function open_actions(d) return md.select(d.actions, md.open) end

local function checks(d)
  local stale_days = threshold("stale_days")
  local open = open_actions(d)
  local stale = md.select(open, function(a) return a.days_since_update > stale_days end)
  local undocumented = md.select(d.actions, function(a)
    return a.status == "Complete" and not a.outcome end)
  local unexplained = md.select(open, function(a) return not a.notes end)
  local blocked = md.select(open, function(a) return a.state == "Blocked" end)
  local overdue = md.select(open, function(a) return a.status == "Overdue" end)
  local silent_blockers = md.select(blocked, function(a) return not a.notes end)
  local done = md.select(d.actions, function(a) return a.status == "Complete" end)
  local missed = md.select(d.actions, function(a)
    local late = a.completed_on and a.completed_on > a.original_due_date
    local moved = a.due_date ~= a.original_due_date
    return (late or moved or a.status == "Overdue") and not a.notes end)
  local carried_in = md.select(d.actions, function(a) return a.carried_from end)
  return {
    { "All Actions Reviewed", {
      box(#stale == 0, "Status updated for all items",
          #stale > 0 and ("no update for over %d days: %s"):format(stale_days, ids(stale))),
      box(#undocumented == 0, "Completed items documented",
          #undocumented > 0 and ("no outcome: " .. ids(undocumented))),
      box(#unexplained == 0, "Incomplete items have explanations",
          #unexplained > 0 and ("no notes: " .. ids(unexplained))),
    } },
    { "Outstanding Items", {
      box(#blocked == 0, "Path to completion clear",
          #blocked > 0 and ("blocked: " .. ids(blocked))),
      box(#overdue == 0, "New realistic due dates set",
          #overdue > 0 and ("past due without a new date: " .. ids(overdue))),
      box(#silent_blockers == 0, "Blockers identified and addressed",
          #silent_blockers > 0 and ("blocker not recorded: " .. ids(silent_blockers))),
    } },
    { "Ready for QBR Discussion", {
      box(#done > 0, "Summary of completions ready",
          ("%d of %d complete"):format(#done,
            #md.select(d.actions, function(a) return a.status ~= "Cancelled" end))),
      box(#missed == 0, "Explanation for misses ready",
          #missed > 0 and ("late or moved without a note: " .. ids(missed))),
      box(false, "Learning/improvements identified", "not in the data: your notes"),
    } },
    { "New Actions Prepared", {
      box(true, "Carried forward items listed",
          #open > 0 and ("to carry: " .. ids(open)) or "nothing to carry"),
      box(false, "New proposed actions drafted", "not in the data"),
      box(false, "Resource requirements clear", "not in the data"),
    } },
  }, carried_in
end

template("prep", function(raw)
  local d = md.escaped(raw)   -- prose as typed in the body; raw for the subject
  local q = d.qbr
  local title = ("%s Pre-QBR Action Review"):format(q.customer)
  local out = { ("# %s"):format(title), "",
                ("%s actions, as of %s."):format(q.id, md.date(d.today)), "" }
  local sections, carried_in = checks(d)
  for _, section in ipairs(sections) do
    local all = true
    for _, line in ipairs(section[2]) do all = all and line:sub(1, 3) == "[x]" end
    out[#out + 1] = box(all, section[1])
    for _, line in ipairs(section[2]) do out[#out + 1] = "  - " .. line end
    out[#out + 1] = ""
  end
  out[#out + 1] = "## Carried into this QBR"
  local rows = {}
  for _, a in ipairs(carried_in) do
    rows[#rows + 1] = { a.id, a.action, a.carried_from, a.status }
  end
  out[#out + 1] = #rows > 0 and md.table({ "ID", "Action", "Carried from", "Status" }, rows)
      or "_Nothing was carried into this QBR._"
  return title, table.concat(out, "\n") .. "\n"
end)
