-- How qbrt names things. Replace a format by registering the same name in
-- your team directory's rules/.

-- Action IDs: "QBR-2024Q1-003". seq counts the quarter's actions across all
-- customers; %03d grows past three digits by itself.
id_format("action", function(p)
  return ("QBR-%s-%03d"):format(p.quarter, p.seq)
end)

-- The customer key in a QBR ID ("ACME" in "ACME-2024Q1"), when none is given:
-- the customer's name in capitals, without legal suffixes or punctuation.
local suffixes = { INC = true, CORP = true, CORPORATION = true, LLC = true, LTD = true,
                   GMBH = true, SA = true, AG = true, PLC = true, CO = true }

id_format("customer_key", function(p)
  local words = {}
  for word in p.customer:upper():gmatch("[%w]+") do
    if not suffixes[word] then words[#words + 1] = word end
  end
  if #words == 0 then return nil end
  return table.concat(words, "-")
end)

-- QBR IDs: the customer key and the quarter, "ACME-2024Q1".
id_format("qbr", function(p)
  return ("%s-%s"):format(p.customer_key, p.quarter)
end)
