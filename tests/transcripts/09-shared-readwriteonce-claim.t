# A ReadWriteOnce claim on a network disk attaches to one node at a time. Three
# Deployment replicas share it: the first to start has it attached to its node;
# the replicas the scheduler put on other nodes stay ContainerCreating, and the
# attach/detach controller says why (FailedAttachVolume: Multi-Attach error).
# When the holder goes, the disk is free again and the next replica to start on a
# node takes it (here the holder's replacement, which the scheduler put on node-1).
# Only the pods on one node can use such a claim: that is why a StatefulSet gives each pod
# its own claim, and why a Deployment that shares one needs ReadWriteMany.
$ kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: giropops-web-www
spec:
  accessModes: ["ReadWriteOnce"]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: giropops-web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: giropops-web
  template:
    metadata:
      labels:
        app: giropops-web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
      volumes:
      - name: www
        persistentVolumeClaim:
          claimName: giropops-web-www
EOF
persistentvolumeclaim/giropops-web-www created
deployment.apps/giropops-web created
$ wait
cluster settled after 2.4s
$ kubectl get deploy
NAME           READY   UP-TO-DATE   AVAILABLE   AGE
giropops-web   1/3     3            1           2s
$ kubectl get pods -o wide
NAME                            READY   STATUS              RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
giropops-web-5d5bf5b5c9-5x6zj   1/1     Running             0          2s    10.244.1.2   node-1   <none>           <none>
giropops-web-5d5bf5b5c9-kcrzc   0/1     ContainerCreating   0          2s    <none>       node-2   <none>           <none>
giropops-web-5d5bf5b5c9-tnpjs   0/1     ContainerCreating   0          2s    <none>       node-3   <none>           <none>
$ kubectl events --types=Warning
LAST SEEN   TYPE      REASON               OBJECT                              MESSAGE
2s          Warning   FailedAttachVolume   Pod/giropops-web-5d5bf5b5c9-kcrzc   Multi-Attach error for volume "pvc-[..]" Volume is already used by pod(s) giropops-web-5d5bf5b5c9-5x6zj
2s          Warning   FailedAttachVolume   Pod/giropops-web-5d5bf5b5c9-tnpjs   Multi-Attach error for volume "pvc-[..]" Volume is already used by pod(s) giropops-web-5d5bf5b5c9-5x6zj
$ kubectl delete pod giropops-web-5d5bf5b5c9-5x6zj
pod "giropops-web-5d5bf5b5c9-5x6zj" deleted from default namespace
$ wait
cluster settled after 1.1s
$ kubectl get pods -o wide
NAME                            READY   STATUS              RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
giropops-web-5d5bf5b5c9-g77lf   1/1     Running             0          2s    10.244.1.3   node-1   <none>           <none>
giropops-web-5d5bf5b5c9-kcrzc   0/1     ContainerCreating   0          4s    <none>       node-2   <none>           <none>
giropops-web-5d5bf5b5c9-tnpjs   0/1     ContainerCreating   0          4s    <none>       node-3   <none>           <none>
$ kubectl scale deployment giropops-web --replicas=1
deployment.apps/giropops-web scaled
$ wait
cluster settled after 1s
$ kubectl get pods -o wide
NAME                            READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
giropops-web-5d5bf5b5c9-g77lf   1/1     Running   0          3s    10.244.1.3   node-1   <none>           <none>
$ kubectl get deploy
NAME           READY   UP-TO-DATE   AVAILABLE   AGE
giropops-web   1/1     1            1           5s
