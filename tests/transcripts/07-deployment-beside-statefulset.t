# The same nginx as a Deployment and as a StatefulSet: the Deployment's pods get
# names from a ReplicaSet (<deployment>-<pod-template-hash>-<5 random characters>),
# start together and share one ReadWriteMany claim (09 shows why not ReadWriteOnce);
# the StatefulSet's pods get ordinals, start in order and get a claim each. A new image makes a new ReplicaSet, which grows by one
# pod while the old one shrinks (maxSurge 25% rounds up to 1, maxUnavailable 25% down
# to 0); the old ReplicaSet is kept, scaled to 0, for a rollback, which takes it
# back under a new revision number.
$ kubectl apply -f ../../examples/deployment-beside-statefulset.yaml
persistentvolumeclaim/giropops-web-www created
deployment.apps/giropops-web created
service/giropops-web created
statefulset.apps/giropops created
service/nginx created
$ wait
cluster settled after 6.9s
$ kubectl get deploy
NAME           READY   UP-TO-DATE   AVAILABLE   AGE
giropops-web   3/3     3            3           6s
$ kubectl get rs
NAME[..]DESIRED   CURRENT   READY   AGE
giropops-web-[..]3         3         3       6s
$ kubectl get pods
NAME[..]READY   STATUS    RESTARTS   AGE
giropops-0[..]1/1     Running   0          6s
giropops-1[..]1/1     Running   0          4s
giropops-2[..]1/1     Running   0          2s
giropops-web-[..]1/1     Running   0          6s
giropops-web-[..]1/1     Running   0          6s
giropops-web-[..]1/1     Running   0          6s
$ kubectl get pvc
NAME               STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE
giropops-web-www   Bound    pvc-[..]   1Gi        RWX            standard       <unset>                 6s
www-giropops-0     Bound    pvc-[..]   1Gi        RWO            standard       <unset>                 6s
www-giropops-1     Bound    pvc-[..]   1Gi        RWO            standard       <unset>                 4s
www-giropops-2     Bound    pvc-[..]   1Gi        RWO            standard       <unset>                 2s
$ kubectl set image deployment/giropops-web nginx=nginx:1.28
deployment.apps/giropops-web image updated
$ sleep 1s
$ kubectl get rs
NAME[..]DESIRED   CURRENT   READY   AGE
giropops-web-[..]1         1         0       1s
giropops-web-[..]3         3         3       7s
$ wait
cluster settled after 7.2s
$ kubectl get rs
NAME[..]DESIRED   CURRENT   READY   AGE
giropops-web-[..]3         3         3       9s
giropops-web-[..]0         0         0       15s
$ kubectl get deploy giropops-web
NAME           READY   UP-TO-DATE   AVAILABLE   AGE
giropops-web   3/3     3            3           15s
$ kubectl rollout history deployment/giropops-web
deployment.apps/giropops-web 
REVISION  CHANGE-CAUSE
1         <none>
2         <none>

$ kubectl rollout undo deployment/giropops-web
deployment.apps/giropops-web rolled back
$ kubectl rollout status deployment/giropops-web
Waiting for deployment "giropops-web" rollout to finish: 1 out of 3 new replicas have been updated...
Waiting for deployment "giropops-web" rollout to finish: 2 out of 3 new replicas have been updated...
Waiting for deployment "giropops-web" rollout to finish: 1 old replicas are pending termination...
deployment "giropops-web" successfully rolled out
$ kubectl get rs
NAME[..]DESIRED   CURRENT   READY   AGE
giropops-web-[..]0         0         0       16s
giropops-web-[..]3         3         3       22s
$ kubectl rollout history deployment/giropops-web
deployment.apps/giropops-web 
REVISION  CHANGE-CAUSE
2         <none>
3         <none>

$ kubectl rollout undo deployment/giropops-web --to-revision=3
deployment.apps/giropops-web skipped rollback (current template already matches revision 3)
$ kubectl rollout restart deployment/giropops-web
deployment.apps/giropops-web restarted
$ kubectl rollout status deployment/giropops-web
Waiting for deployment "giropops-web" rollout to finish: 1 out of 3 new replicas have been updated...
Waiting for deployment "giropops-web" rollout to finish: 2 out of 3 new replicas have been updated...
Waiting for deployment "giropops-web" rollout to finish: 1 old replicas are pending termination...
deployment "giropops-web" successfully rolled out
