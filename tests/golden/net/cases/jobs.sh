# Background jobs as the scripts' sh (dash 0.5.12, no job control) keeps them: `jobs` lists
# the most recent first with no command text, a job that ended is forgotten once listed,
# `wait` announces the signal that killed the job it waits for, a waited-for job gives its
# number to the next one, and `kill %N` finds no process group.
ip netns add A
ip netns add B
ip link add va type veth peer name vb
ip link set va netns A
ip link set vb netns B
ip -n A addr add 10.0.9.1/24 dev va
ip -n B addr add 10.0.9.2/24 dev vb
ip -n A link set va up
ip -n B link set vb up
ip netns exec A ping -c 2 10.0.9.2 > /dev/null &
sleep 30 &
long=$!
sleep 40 &
jobs
sleep 3
jobs
kill $!
wait $!
echo "wait $?"
jobs
kill -9 %1
echo "kill $?"
kill -HUP %2
echo "kill $?"
kill -s FOO 1
echo "kill $?"
kill -FOO 1
echo "kill $?"
kill abc
echo "kill $?"
kill
echo "kill $?"
kill -l 143
kill -l 9
wait %7
echo "wait $?"
wait 4194305
echo "wait $?"
jobs %5
echo "jobs $?"
sleep 1 &
jobs
sleep 2
jobs
ip netns exec A ping -c 1 10.0.9.2 > /dev/null &
wait $!
echo "wait $?"
sleep 20 &
jobs
kill -INT $!
kill $long
wait
echo "wait $?"
jobs
kill 4194305
echo "kill $?"
