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

-- Accented Latin letters become their plain capitals, so that "Müller GmbH"
-- is MULLER rather than losing a letter.
local plain = {
  ["à"] = "A", ["á"] = "A", ["â"] = "A", ["ã"] = "A", ["ä"] = "A", ["å"] = "A",
  ["À"] = "A", ["Á"] = "A", ["Â"] = "A", ["Ã"] = "A", ["Ä"] = "A", ["Å"] = "A",
  ["æ"] = "AE", ["Æ"] = "AE", ["ç"] = "C", ["Ç"] = "C",
  ["è"] = "E", ["é"] = "E", ["ê"] = "E", ["ë"] = "E", ["È"] = "E", ["É"] = "E",
  ["Ê"] = "E", ["Ë"] = "E", ["ì"] = "I", ["í"] = "I", ["î"] = "I", ["ï"] = "I",
  ["Ì"] = "I", ["Í"] = "I", ["Î"] = "I", ["Ï"] = "I", ["ñ"] = "N", ["Ñ"] = "N",
  ["ò"] = "O", ["ó"] = "O", ["ô"] = "O", ["õ"] = "O", ["ö"] = "O", ["ø"] = "O",
  ["Ò"] = "O", ["Ó"] = "O", ["Ô"] = "O", ["Õ"] = "O", ["Ö"] = "O", ["Ø"] = "O",
  ["ù"] = "U", ["ú"] = "U", ["û"] = "U", ["ü"] = "U", ["Ù"] = "U", ["Ú"] = "U",
  ["Û"] = "U", ["Ü"] = "U", ["ý"] = "Y", ["ÿ"] = "Y", ["Ý"] = "Y", ["ß"] = "SS",
}

id_format("customer_key", function(p)
  local words = {}
  local name = p.customer:gsub(utf8.charpattern, function(c) return plain[c] end)
  for word in name:upper():gmatch("[%w]+") do
    if not suffixes[word] then words[#words + 1] = word end
  end
  if #words == 0 then return nil end
  return table.concat(words, "-")
end)

-- QBR IDs: the customer key and the quarter, "ACME-2024Q1".
id_format("qbr", function(p)
  return ("%s-%s"):format(p.customer_key, p.quarter)
end)
