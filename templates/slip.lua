-- slip.lua -- "communicate early": an action is behind. For our own action
-- we own the miss and give the new date; for the customer's, we ask rather
-- than accuse and offer help. d.action is the action; the rest as in
-- summary.lua.

-- qbrt only lets a slip of ours go out with a note saying why and a due
-- date still ahead: the new commitment.
local function ours(d)
  local a = d.action
  local moved = a.original_due_date and a.original_due_date ~= a.due_date
  local plan = moved
      and ("Our new commitment is %s (it was due %s)."):format(md.date(a.due_date),
        md.date(a.original_due_date))
      or ("We still commit to %s, and I will tell you at once if that changes.")
        :format(md.date(a.due_date))
  return table.concat({
    ("I wanted to let you know we're behind on %s."):format(a.action),
    "",
    "## Why",
    a.notes,
    "",
    "## Our new plan",
    plan,
    ("%s owns it, and I will keep you posted before that date."):format(a.owner),
    "",
    "I'm sorry for the delay and for any knock-on effect on your plans.",
  }, "\n")
end

local function theirs(d)
  local a = d.action
  local ask = a.state == "Blocked" and a.notes
      and ("I saw it is held up: %s. Is there anything we can do to unblock it?"):format(a.notes)
      or "Is there anything blocking you?"
  return table.concat({
    ("How is \"%s\" coming along? It was planned for %s."):format(a.action, md.date(a.due_date)),
    "",
    ask .. " Would it help if we took part of it on,",
    "or can I provide anything to make this easier?",
    "",
    "If the date no longer works, let's agree a new one that does.",
  }, "\n")
end

template("slip", function(raw)
  local d = md.escaped(raw)   -- prose as typed in the body; raw for the subject
  local a, q = d.action, d.qbr
  local subject = ("%s QBR action update: %s"):format(raw.qbr.customer, raw.action.action)
  local body = table.concat({
    ("Hi %s,"):format(md.first_name(q.champion) or q.customer),
    "",
    a.side == "vendor" and ours(d) or theirs(d),
    "",
    "Best,",
    q.csm or "",
  }, "\n") .. "\n"
  return subject, body
end)
