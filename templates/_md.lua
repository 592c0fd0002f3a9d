-- _md.lua -- helpers for writing Markdown, available to every template as md.
-- (A file whose name starts with "_" returns a table that becomes a global.)

local md = {}

-- Text as itself in Markdown: the characters that would start emphasis,
-- code, links, HTML or a table cell are escaped, and so is a line that would
-- start a heading, quote or list. The HTML part then shows what was typed.
function md.text(text)
  local s = ("\n" .. text):gsub("([\\`*_%[%]<|])", "\\%1")
  s = s:gsub("\n([ \t]*)([#>+-])", "\n%1\\%2")
  s = s:gsub("\n([ \t]*%d+)([.)])", "\n%1\\%2")
  return s:sub(2)
end

-- Fields that are data, not prose: they are never escaped.
local verbatim = {
  id = true, qbr = true, status = true, state = true, side = true, kind = true, on = true,
  quarter = true, due_date = true, original_due_date = true, completed_on = true,
  held_at = true, summary_sent_at = true, next_qbr_on = true, debriefed_on = true,
  today = true, now = true, last_checkin_on = true, next_checkin_on = true,
  carried_from = true, champion_email = true, csm_email = true,
}

-- Every field name the data of a template can have (templates/summary.lua
-- lists them by table). A field may be nil; a name not here is a typo.
local fields = {}
for name in ([[
  qbr goals actions checkins today now last_checkin_on next_checkin_on action
  id customer quarter held_at champion champion_email csm csm_email summary_sent_at
  next_qbr_on debriefed_on roi takeaways values next_steps resources
  goal side owner due_date original_due_date state status reason notes done_when
  completed_on outcome carried_from days_to_due days_overdue days_since_update
  num text success_criterion on kind with
]]):gmatch("%S+") do fields[name] = true end

-- Reading a misspelled field is an error at the template's line, as in a
-- rule, rather than a silent nil.
local strict = {
  __index = function(_, key)
    if type(key) == "string" and not fields[key] then
      error(("the data has no field '%s'"):format(key), 2)
    end
  end,
}

-- A copy of a template's data with every prose value passed through md.text,
-- for the body; the subject line takes the values as they are.
function md.escaped(data)
  local copy = {}
  for k, v in pairs(data) do
    if type(v) == "table" then
      copy[k] = md.escaped(v)
    elseif type(v) == "string" and not verbatim[k] then
      copy[k] = md.text(v)
    else
      copy[k] = v
    end
  end
  return setmetatable(copy, strict)
end

-- A value in a Markdown table cell: on one line. Escape prose with md.text
-- (md.escaped does) before.
function md.cell(text)
  if text == nil then return "" end
  return (tostring(text):gsub("\r?\n", " "))
end

-- A table from a header list and rows (lists of values).
function md.table(header, rows)
  local out = { "| " .. table.concat(header, " | ") .. " |" }
  local rule = {}
  for i = 1, #header do rule[i] = "---" end
  out[#out + 1] = "|" .. table.concat(rule, "|") .. "|"
  for _, row in ipairs(rows) do
    local cells = {}
    for i = 1, #header do cells[i] = md.cell(row[i]) end
    out[#out + 1] = "| " .. table.concat(cells, " | ") .. " |"
  end
  return table.concat(out, "\n")
end

-- A bulleted list; an empty list gives the fallback line instead.
function md.list(items, fallback)
  if #items == 0 then return fallback and ("- " .. fallback) or "" end
  local out = {}
  for i, item in ipairs(items) do out[i] = "- " .. item end
  return table.concat(out, "\n")
end

local months = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" }

-- "2024-02-15" (or a date and time) as "Feb 15, 2024"; nil as "TBD".
function md.date(iso)
  if not iso then return "TBD" end
  local y, m, d = iso:match("^(%d%d%d%d)-(%d%d)-(%d%d)")
  if not y then return iso end
  return ("%s %d, %s"):format(months[tonumber(m)], tonumber(d), y)
end

-- "Dana Whitfield" -> "Dana", for a greeting; nil stays nil.
function md.first_name(name)
  return name and name:match("^%S+")
end

-- The actions of a list that pass the test, in order.
function md.select(actions, test)
  local out = {}
  for _, a in ipairs(actions) do
    if test(a) then out[#out + 1] = a end
  end
  return out
end

-- Whether an action is still open (not Complete or Cancelled).
function md.open(a)
  return a.status ~= "Complete" and a.status ~= "Cancelled"
end

return md
