# here-documents: expanded, quoted, tab-stripped, fed to applets and loops
name=world
cat <<END
hello $name
sum $((2 + 3))
END
cat <<'END'
literal $name $(not run)
END
	cat <<-END
	tabs stripped $name
	END
sort <<END | head -n 2
zebra
ant
mole
END
while read -r a b; do echo "$b-$a"; done <<END
1 one
2 two
END
cat <<A; cat <<B
first
A
second
B
