-- _md.lua -- helpers for writing Markdown, available to every template as md.
-- (A file whose name starts with "_" returns a table that becomes a global.)

local md = {}

-- Text safe inside a Markdown table cell: pipes escaped, line breaks as spaces.
function md.cell(text)
  if text == nil then return "" end
  return (tostring(text):gsub("\r?\n", " "):gsub("|", "\\|"))
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
