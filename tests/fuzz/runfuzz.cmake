# Runs one libFuzzer harness for CTest: cmake -DFUZZER=... -DCORPUS=... -DWORK=... -DMAX_LEN=... -DMODE=fuzz|regression
# [-DSECONDS=...] -P runfuzz.cmake. Fuzzing works on a fresh copy of the seed corpus in the build tree, so what the
# fuzzer learns never grows the source tree; crash inputs land in WORK/artifacts.
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/artifacts")
set(common -rss_limit_mb=2048 -max_len=${MAX_LEN} -artifact_prefix=${WORK}/artifacts/ -print_final_stats=1)

if(MODE STREQUAL "fuzz")
    file(COPY "${CORPUS}/" DESTINATION "${WORK}/corpus")
    execute_process(COMMAND "${FUZZER}" ${common} -max_total_time=${SECONDS} "${WORK}/corpus"
        WORKING_DIRECTORY "${WORK}" RESULT_VARIABLE rc)
else()
    # Every seed and regression file once, named on the command line so a failure says which file it was.
    file(GLOB inputs LIST_DIRECTORIES false "${CORPUS}/*")
    if(NOT inputs)
        message(FATAL_ERROR "no inputs in ${CORPUS}")
    endif()
    execute_process(COMMAND "${FUZZER}" ${common} ${inputs} WORKING_DIRECTORY "${WORK}" RESULT_VARIABLE rc)
endif()

if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${FUZZER} failed (${rc}); crash inputs, if any, are in ${WORK}/artifacts")
endif()
