# Reads `dotnet test`'s detailed console output and prints, at its end, which tests failed and
# why: each distinct error message once, with how many tests it failed. A CI log is often read
# from its tail, and one broken fixture fails every test of its collection with the same message
# a thousand lines further up.
# Usage: awk -f scripts/summarize-failures.awk TEST-OUTPUT

function keep_message() {
  if (message == "") message = "(no error message)\n"
  if (!(message in count)) order[++distinct] = message
  count[message]++
}

/^  Failed / {
  if (reading) keep_message()
  name = $0
  sub(/^  Failed /, "", name)
  failed[++failures] = name
  reading = 0
  next
}

/^  Error Message:/ && failures {
  reading = 1
  message = ""
  lines = 0
  next
}

/^  (Stack Trace|Standard Output Messages|Standard Error Messages):/ {
  if (reading) keep_message()
  reading = 0
  next
}

reading && lines < 45 {
  message = message $0 "\n"
  lines++
}

END {
  if (reading) keep_message()
  if (failures == 0) exit
  printf "\n=== %d test%s failed ===\n", failures, failures == 1 ? "" : "s"
  for (i = 1; i <= failures && i <= 15; i++) print "  " failed[i]
  if (failures > 15) printf "  ... and %d more\n", failures - 15
  print "--- why: each distinct error message (its first 45 lines), with the number of tests it failed ---"
  for (i = 1; i <= distinct && i <= 4; i++) printf "[%d test%s]\n%s", count[order[i]], count[order[i]] == 1 ? "" : "s", order[i]
  if (distinct > 4) printf "... and %d more distinct messages above\n", distinct - 4
}
