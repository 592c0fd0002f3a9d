-- summary.lua -- the Northwind CS team's wording of the QBR summary email.
-- It keeps the built-in email (templates/summary.lua) and changes only the
-- words around it: a warmer thank-you, and the team's sign-off.

local builtin = template("summary")

template("summary", function(d)
  local subject, body = builtin(d)
  body = body:gsub("Thank you for a productive quarterly review",
                   "Thanks again for the time you and your team gave us at the quarterly review")
  body = body:gsub("\nBest,\n", "\nWith thanks from the whole account team,\n")
  return "Recap: " .. subject, body
end)
